import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, openBrowser, seriousA11yViolations, type OpenBrowser } from './support/console.js';

let open: OpenBrowser;
beforeAll(async () => { open = await openBrowser(); });
afterAll(async () => { await open?.close(); });

const DEMO = /Mailbox sales@acme-supplies.example/;

describe('a mailbox\'s SMTP settings in the console', () => {
  it('shows a refused mailbox password next to its field, saves a separate login, shows it read-only to staff, and removes it', async () => {
    const session = consoleSession();
    const page = await open.newPage();
    await page.goto(`${session.consoleUrl}mailboxes`);
    const card = page.getByRole('article', { name: DEMO });
    await card.waitFor();
    const before = await card.getByRole('region', { name: 'Sending' }).innerText();

    await card.getByRole('button', { name: 'Send through SMTP' }).click();
    const form = page.getByRole('dialog', { name: /^SMTP for / });
    await form.getByLabel('SMTP host').fill('127.0.0.1');
    await form.getByLabel('SMTP port').fill('2525');
    await form.getByLabel('SMTP security').selectOption('plain');
    await form.getByRole('checkbox', { name: /without TLS/ }).check();
    await form.getByLabel('Mailbox password (again)').fill('not-the-password');
    await form.getByRole('button', { name: 'Save' }).click();
    const passwordField = form.locator('.field').filter({ has: page.getByLabel('Mailbox password (again)') });
    await passwordField.locator('.field-error').waitFor();
    const refused = await passwordField.locator('.field-error').innerText();
    const hostErrors = await form.locator('.field').filter({ has: page.getByLabel('SMTP host') }).locator('.field-error').count();

    await form.getByLabel('Login', { exact: true }).selectOption('separate');
    await form.getByLabel('SMTP username').fill('relay-user');
    await form.getByLabel('SMTP password').fill('relay-password');
    await form.getByRole('checkbox', { name: /copy in Sent/ }).uncheck();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await card.getByLabel('SMTP settings').filter({ hasText: '127.0.0.1:2525' }).waitFor();
    const saved = await card.getByLabel('SMTP settings').innerText();

    const staff = await open.newPage();
    await staff.addInitScript(`sessionStorage.setItem('mailbridge.token', ${JSON.stringify(session.staffToken)});`);
    await staff.goto(`${session.consoleUrl}mailboxes`);
    const staffCard = staff.getByRole('article', { name: DEMO });
    await staffCard.getByLabel('SMTP settings').waitFor();
    const staffSees = await staffCard.getByLabel('SMTP settings').innerText();
    const staffButtons = await staffCard.getByRole('button').allInnerTexts();
    const serious = await seriousA11yViolations(page);

    await card.getByRole('button', { name: 'Send through SES instead' }).click();
    await card.getByText(/leaves through Mailbridge \(SES\)/).waitFor();
    const after = await card.getByRole('region', { name: 'Sending' }).innerText();

    console.log(`refused password: "${refused}"; saved: ${saved.replace(/\s+/g, ' ')}; staff buttons: ${staffButtons.join(', ')}; axe serious: ${serious.length}`);
    expect(before).toMatch(/leaves through Mailbridge \(SES\)/);
    expect(refused.length).toBeGreaterThan(0);
    expect(hostErrors).toBe(0);
    expect(saved).toContain('127.0.0.1:2525 (no TLS)');
    expect(saved).toContain('a separate SMTP login (relay-user)');
    expect(saved).toContain('the server files its own');
    expect(saved).not.toContain('relay-password');
    expect(staffSees).toContain('127.0.0.1:2525 (no TLS)');
    expect(staffButtons).not.toContain('Edit SMTP');
    expect(staffButtons).not.toContain('Send through SES instead');
    expect(serious).toEqual([]);
    expect(after).not.toContain('127.0.0.1');
  });
});
