import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, openBrowser, seriousA11yViolations, type OpenBrowser } from './support/console.js';

let open: OpenBrowser;
beforeAll(async () => { open = await openBrowser(); });
afterAll(async () => { await open?.close(); });

describe('Mailboxes for a staff-role user', () => {
  it('shows the mailbox status and Sync now, but neither connect nor reconnect', async () => {
    const session = consoleSession();
    const page = await open.newPage();
    await page.addInitScript(`sessionStorage.setItem('mailbridge.token', ${JSON.stringify(session.staffToken)});`);

    await page.goto(`${session.consoleUrl}mailboxes`);
    const card = page.getByRole('article', { name: /Mailbox sales@acme-supplies.example/ });
    await card.waitFor();
    await card.getByRole('button', { name: 'Sync now' }).click();
    await card.getByRole('status').filter({ hasText: 'Sync queued.' }).waitFor();
    const who = await page.locator('header').innerText();
    const buttons = await page.getByRole('button').allInnerTexts();
    const serious = await seriousA11yViolations(page);

    console.log(`staff sees buttons: ${buttons.join(', ')}; axe serious: ${serious.length}`);
    expect(who).toContain('staff');
    expect(await card.innerText()).toMatch(/Last sync .+ \d+ messages/);
    expect(buttons).toContain('Sync now');
    expect(buttons).not.toContain('Connect a mailbox');
    expect(buttons).not.toContain('Reconnect');
    expect(buttons).not.toContain('Re-authorize');
    expect(serious).toEqual([]);
  });
});
