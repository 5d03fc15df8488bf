import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, openBrowser, screenshot, type OpenBrowser } from './support/console.js';

let open: OpenBrowser;
beforeAll(async () => { open = await openBrowser(); });
afterAll(async () => { await open?.close(); });

/** The demo IMAP server npm start runs (session.json has no field for it: read it from a mailbox). */
async function demoMailbox(): Promise<{ host: string; port: number; username: string }> {
  const { apiUrl, token } = consoleSession();
  const res = await fetch(`${apiUrl}/mailboxes`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { items: { host: string; port: number; username: string }[] };
  return body.items[0]!;
}

describe('Mailboxes in the console', () => {
  it('shows the sync banner and the mailbox with its status and Sync now', async () => {
    const page = await open.newPage();

    await page.goto(`${consoleSession().consoleUrl}mailboxes`);
    const card = page.getByRole('article', { name: /Mailbox sales@acme-supplies.example/ });
    await card.waitFor();
    const banner = await page.locator('.banner').innerText();
    await screenshot(page, 'mailbox-banner');
    await card.getByRole('button', { name: 'Sync now' }).click();
    await card.getByRole('status').filter({ hasText: 'Sync queued.' }).waitFor();

    expect(banner).toMatch(/^Mail synced .+ · 1 mailbox$/);
    expect(await card.innerText()).toMatch(/\d+ messages/);
  });

  it('tests a connection with a wrong password and shows the error next to the password field', async () => {
    const demo = await demoMailbox();
    const page = await open.newPage();
    await page.goto(`${consoleSession().consoleUrl}mailboxes`);
    await page.getByRole('button', { name: 'Connect a mailbox' }).click();
    const form = page.getByRole('dialog', { name: 'Connect a mailbox' });

    await form.getByLabel('IMAP host').fill(demo.host);
    await form.getByLabel('IMAP port').fill(String(demo.port));
    await form.getByLabel('IMAP security').selectOption('plain');
    await form.getByRole('checkbox', { name: /without TLS/ }).check();
    await form.getByLabel('Username').fill(demo.username);
    await form.getByLabel('App password').fill('not-the-password');
    await form.getByRole('button', { name: 'Test' }).click();
    const passwordField = form.locator('.field').filter({ has: page.getByLabel('App password') });
    await passwordField.locator('.field-error').waitFor();
    const error = await passwordField.locator('.field-error').innerText();
    const hostErrors = await form.locator('.field').filter({ has: page.getByLabel('IMAP host') }).locator('.field-error').count();
    const connectDisabled = await form.getByRole('button', { name: 'Connect', exact: true }).isDisabled();

    console.log(`wrong password: "${error}"`);
    expect(error.length).toBeGreaterThan(0);
    expect(hostErrors).toBe(0);
    expect(connectDisabled).toBe(true);
    expect(await form.getByLabel('App password').getAttribute('aria-invalid')).toBe('true');
  });
});
