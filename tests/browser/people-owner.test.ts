import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, openBrowser, type OpenBrowser } from './support/console.js';

let open: OpenBrowser;
beforeAll(async () => { open = await openBrowser(); });
afterAll(async () => { await open?.close(); });

async function adminUser(): Promise<{ userId: string; email?: string }> {
  const { apiUrl, token } = consoleSession();
  const res = await fetch(`${apiUrl}/staff?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { items: { userId: string; email?: string }[] }).items[0]!;
}

describe('The owner in the create panels', () => {
  it('an admin picks the owner of a new contact and of a new company; the grid and the facts show it', async () => {
    const session = consoleSession();
    const me = await adminUser();
    const page = await open.newPage();

    await page.goto(`${session.consoleUrl}people`);
    await page.getByRole('button', { name: 'New contact' }).click();
    const panel = page.getByRole('dialog', { name: 'New contact' });
    await panel.getByLabel('Name').fill('Omar Ownerpick');
    await panel.getByRole('combobox', { name: 'Owner' }).selectOption({ value: me.userId });
    await panel.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Omar Ownerpick', level: 1 }).waitFor();
    await page.goto(`${session.consoleUrl}people?q=ownerpick`);
    const grid = page.getByRole('table', { name: 'Contacts' });
    await grid.getByRole('link', { name: 'Omar Ownerpick' }).waitFor();
    const ownerCell = await grid.locator('tbody tr td:nth-child(6)').first().innerText();

    await page.goto(`${session.consoleUrl}people?tab=companies`);
    await page.getByRole('button', { name: 'New company' }).click();
    const companyPanel = page.getByRole('dialog', { name: 'New company' });
    await companyPanel.getByLabel('Name').fill('Ownerpick Holdings');
    await companyPanel.getByRole('combobox', { name: 'Owner' }).selectOption({ value: me.userId });
    await companyPanel.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Ownerpick Holdings', level: 1 }).waitFor();
    const facts = await page.locator('dl').first().innerText();

    console.log(`contact grid owner: ${ownerCell}; company facts: ${facts.replace(/\s+/g, ' ')}`);
    expect(ownerCell).toBe(me.email ?? me.userId);
    expect(facts).toMatch(new RegExp(`Owner\\s+${me.userId}`));
  });

  it('a staff-role user sees the owner read-only', async () => {
    const session = consoleSession();
    const page = await open.newPage();
    await page.addInitScript(`sessionStorage.setItem('mailbridge.token', ${JSON.stringify(session.staffToken)});`);
    await page.goto(`${session.consoleUrl}people`);
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    const owner = dialog.getByLabel('Owner');
    await owner.waitFor();

    const readonly = await owner.getAttribute('readonly');
    const selects = await dialog.getByRole('combobox', { name: 'Owner' }).count();
    console.log(`staff owner field: readonly=${readonly !== null}, owner selects: ${selects}, value "${await owner.inputValue()}"`);
    expect(readonly).not.toBeNull();
    expect(selects).toBe(0);
    expect(await owner.inputValue()).toBe('Nobody');
  });
});
