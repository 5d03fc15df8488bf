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

const entries = () => page.locator('ol.timeline li');

describe('Customer timeline in the console', () => {
  it('shows logged activities beside the mail and filters the timeline by type', async () => {
    const api = consoleSession();
    const call = async (path: string, body: Record<string, unknown>) => {
      const res = await fetch(`${api.apiUrl}${path}`, {
        method: 'POST', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return await res.json() as { id: string };
    };
    const contact = await call('/contacts', { name: 'Tina Timeline' });
    await call('/activities', { type: 'call', subject: 'Pricing call', at: new Date(Date.now() - 3_600_000).toISOString(), durationMinutes: 20, outcome: 'Wants a quote', contactIds: [contact.id] });
    await call('/activities', { type: 'meeting', subject: 'Showroom visit', at: new Date(Date.now() - 7_200_000).toISOString(), contactIds: [contact.id] });

    await page.goto(`${api.consoleUrl}contacts/${contact.id}`);
    await entries().first().waitFor();
    const all = await entries().allInnerTexts();
    await page.getByRole('combobox', { name: 'Show' }).selectOption({ value: 'call' });
    await expect.poll(async () => (await entries().allInnerTexts()).length, { timeout: 30_000 }).toBe(1);
    const calls = await entries().allInnerTexts();
    const serious = await seriousA11yViolations(page);

    console.log(`timeline entries: ${all.length}, calls: ${calls.length}; axe serious: ${serious.length}`);
    expect(all).toHaveLength(2);
    expect(all[0]).toContain('Pricing call');
    expect(all[0]).toContain('Wants a quote');
    expect(all[1]).toContain('Showroom visit');
    expect(calls[0]).toContain('20 min');
    expect(serious).toEqual([]);
  });
});
