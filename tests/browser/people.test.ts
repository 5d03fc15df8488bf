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

const grid = () => page.getByRole('table', { name: 'Contacts' });
const rowNames = async () => grid().locator('tbody tr td:nth-child(2)').allInnerTexts();

describe('People in the console', () => {
  it('searches as you type and narrows the grid to the matches', async () => {
    await page.goto(consoleSession().consoleUrl);
    await grid().getByRole('link', { name: 'Bob Smith' }).waitFor();
    const before = await rowNames();
    await screenshot(page, 'people');

    await page.getByRole('searchbox', { name: 'Search contacts' }).pressSequentially('jane', { delay: 40 });
    // Not waitForFunction: it evaluates with eval() inside the page, which the console's CSP refuses.
    await expect.poll(() => grid().locator('tbody tr').count(), { timeout: 30_000 }).toBe(1);
    const after = await rowNames();

    console.log(`grid rows: ${before.length} before search, ${after.length} after "jane"`);
    expect(before.length).toBeGreaterThan(1);
    expect(after).toEqual(['Jane Doe']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('jane');
  });

  it('shows the API field error next to the field, then creates and edits the contact', async () => {
    await page.goto(`${consoleSession().consoleUrl}people`);
    await page.getByRole('button', { name: 'New contact' }).click();
    const panel = page.getByRole('dialog', { name: 'New contact' });
    await panel.getByLabel('Name').fill('Olga Petrova');
    await panel.getByLabel('Emails').fill('olga.petrova@');
    await panel.getByRole('button', { name: 'Save' }).click();
    const emailError = panel.locator('.field').filter({ has: page.getByLabel('Emails') }).locator('.field-error');
    await emailError.waitFor();
    const errorText = await emailError.innerText();
    const invalid = await panel.getByLabel('Emails').getAttribute('aria-invalid');

    await panel.getByLabel('Emails').fill('olga.petrova@volga.example');
    await panel.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Olga Petrova', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Olga Petrova' });
    await edit.getByLabel('Tags').fill('wholesale, vip');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('dialog', { name: 'Change history' });
    await history.getByRole('table', { name: 'Changes of update' }).waitFor();
    const change = await history.getByRole('table', { name: 'Changes of update' }).innerText();

    console.log(`field error shown: "${errorText}"`);
    expect(errorText.length).toBeGreaterThan(0);
    expect(invalid).toBe('true');
    expect(change).toMatch(/tags[\s\S]*wholesale, vip/);
  });

  it('merges two contacts after a preview of the result', async () => {
    const api = consoleSession();
    const create = (name: string, email: string) => fetch(`${api.apiUrl}/contacts`, {
      method: 'POST', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, emails: [email], tags: [email.split('@')[0]!] }),
    });
    expect((await create('Sam Twin', 'sam.one@twins.example')).status).toBe(201);
    expect((await create('Sam Twin (old)', 'sam.two@twins.example')).status).toBe(201);
    await page.goto(`${api.consoleUrl}people?q=twins`);
    await grid().getByRole('link', { name: 'Sam Twin (old)' }).waitFor();

    await page.getByRole('checkbox', { name: 'Select Sam Twin', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Select Sam Twin (old)' }).check();
    await page.getByRole('button', { name: 'Merge…' }).click();
    const merge = page.getByRole('dialog', { name: 'Merge 2 contacts' });
    await merge.getByRole('radio', { name: 'Sam Twin', exact: true }).check();
    const mergeButtonBefore = await merge.getByRole('button', { name: 'Merge', exact: true }).isDisabled();
    await merge.getByRole('button', { name: 'Preview' }).click();
    const preview = merge.getByRole('region', { name: 'Merge preview' });
    await preview.waitFor();
    const previewText = await preview.innerText();
    await merge.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByRole('heading', { name: 'Sam Twin', level: 1 }).waitFor();
    const emails = await page.locator('.facts dd').first().innerText();

    expect(mergeButtonBefore).toBe(true);
    expect(previewText).toContain('sam.one@twins.example, sam.two@twins.example');
    expect(emails).toBe('sam.one@twins.example, sam.two@twins.example');
  });
});
