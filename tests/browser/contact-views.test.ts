import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { consoleSession, openBrowser, seriousA11yViolations, type OpenBrowser } from './support/console.js';

let open: OpenBrowser;
let page: Page;
beforeAll(async () => {
  open = await openBrowser();
  page = await open.newPage();
});
afterAll(async () => { await open?.close(); });

const grid = () => page.getByRole('table', { name: 'Contacts' });
const rowNames = async () => grid().locator('tbody tr td:nth-child(2)').allInnerTexts();

describe('Contact views in the console', () => {
  it('lists the contacts of key accounts, by role, by level and by owner, shows the owner, and keeps the filters in the URL', async () => {
    const api = consoleSession();
    const call = async (method: string, path: string, body?: Record<string, unknown>) => {
      const res = await fetch(`${api.apiUrl}${path}`, {
        method, headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: await res.json() as Record<string, any> };
    };
    const me = (await call('GET', '/staff?limit=100')).body.items[0] as { userId: string; email?: string };
    const key = await call('POST', '/companies', { name: 'Keystone Contacts', tier: 'key_account' });
    expect((await call('POST', '/contacts', { name: 'Kora Keyperson', companyId: key.body.id, roles: ['technical'], tags: ['cviews'] })).status).toBe(201);
    expect((await call('POST', '/contacts', { name: 'Otto Owned', ownerId: me.userId, tags: ['cviews'] })).status).toBe(201);
    expect((await call('POST', '/contacts', { name: 'Lena Levelled', level: 'Vice President', tags: ['cviews'] })).status).toBe(201);
    await page.goto(`${api.consoleUrl}people?tab=contacts&tag=cviews`);
    await grid().getByRole('link', { name: 'Otto Owned' }).waitFor();
    const tagged = await rowNames();

    await page.getByRole('combobox', { name: 'View' }).selectOption({ label: 'Contacts of key accounts' });
    await expect.poll(rowNames, { timeout: 30_000 }).toEqual(['Kora Keyperson']);
    await page.getByRole('combobox', { name: 'View' }).selectOption({ label: 'All contacts' });
    await page.getByRole('combobox', { name: 'Role' }).selectOption({ value: 'technical' });
    await expect.poll(rowNames, { timeout: 30_000 }).toEqual(['Kora Keyperson']);
    await page.getByRole('combobox', { name: 'Role' }).selectOption({ value: '' });
    await page.getByRole('textbox', { name: 'Level' }).fill('vice president');
    await expect.poll(rowNames, { timeout: 30_000 }).toEqual(['Lena Levelled']);
    const levelInUrl = new URL(page.url()).searchParams.get('level');
    await page.getByRole('textbox', { name: 'Level' }).fill('');
    await page.getByRole('combobox', { name: 'Owner' }).selectOption({ value: me.userId });
    await expect.poll(rowNames, { timeout: 30_000 }).toEqual(['Otto Owned']);
    const ownerCell = await grid().locator('tbody tr td:nth-child(6)').first().innerText();
    const url = new URL(page.url());
    const serious = await seriousA11yViolations(page);

    console.log(`tag cviews: ${tagged.length} contacts; key-account contacts 1, technical 1, level "vice president" 1, owned 1; axe serious: ${serious.length}`);
    expect(tagged.sort()).toEqual(['Kora Keyperson', 'Lena Levelled', 'Otto Owned']);
    expect(levelInUrl).toBe('vice president');
    expect(ownerCell).toBe(me.email ?? me.userId);
    expect([url.searchParams.get('owner'), url.searchParams.get('tag')]).toEqual([me.userId, 'cviews']);
    expect(await page.getByRole('searchbox', { name: 'Search contacts' }).isDisabled()).toBe(true);
    expect(serious).toEqual([]);
  });
});
