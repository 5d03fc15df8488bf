import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { consoleSession, openBrowser, screenshot, type OpenBrowser } from './support/console.js';

let open: OpenBrowser;
let page: Page;
beforeAll(async () => {
  open = await openBrowser();
  page = await open.newPage();
});
afterAll(async () => { await open?.close(); });

const grid = () => page.getByRole('table', { name: 'Companies' });
const rowNames = async () => grid().locator('tbody tr td:nth-child(2)').allInnerTexts();

describe('Company views in the console', () => {
  it('lists the key accounts with a tag, by last activity, and keeps the view in the URL', async () => {
    const api = consoleSession();
    const create = (body: Record<string, unknown>) => fetch(`${api.apiUrl}/companies`, {
      method: 'POST', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    expect((await create({ name: 'Keystone Views', tier: 'key_account', tags: ['views-test'] })).status).toBe(201);
    expect((await create({ name: 'Plain Views', tags: ['views-test'] })).status).toBe(201);
    await page.goto(`${api.consoleUrl}people?tab=companies&tag=views-test`);
    await grid().getByRole('link', { name: 'Plain Views' }).waitFor();
    const tagged = await rowNames();

    await page.getByRole('combobox', { name: 'View' }).selectOption({ label: 'Key accounts' });
    await expect.poll(rowNames, { timeout: 30_000 }).toEqual(['Keystone Views']);
    await screenshot(page, 'company-views');
    const url = new URL(page.url());

    console.log(`tag views-test: ${tagged.length} companies; key accounts among them: 1`);
    expect(tagged.sort()).toEqual(['Keystone Views', 'Plain Views']);
    expect([url.searchParams.get('view'), url.searchParams.get('tag')]).toEqual(['key_accounts', 'views-test']);
    expect(await page.getByRole('searchbox', { name: 'Search companies' }).isDisabled()).toBe(true);
  });
});
