// Code that runs inside the page is passed as a string: the tests' own lib has no DOM types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { consoleSession, DESKTOP, openBrowser, PHONE, seriousA11yViolations, type AxeFinding, type OpenBrowser } from './support/console.js';

let open: OpenBrowser;
beforeAll(async () => { open = await openBrowser(); });
afterAll(async () => { await open?.close(); });

interface Screen { name: string; visit(page: Page, base: string): Promise<void> }

/** Every screen and panel of the console, reached by clicking as staff would. */
const SCREENS: Screen[] = [
  { name: 'people', visit: async (p, base) => { await p.goto(`${base}people`); await p.getByRole('link', { name: 'Jane Doe' }).waitFor(); } },
  { name: 'companies', visit: async (p, base) => { await p.goto(`${base}people?tab=companies`); await p.getByRole('table', { name: 'Companies' }).or(p.getByText('No companies match.')).waitFor(); } },
  { name: 'company views', visit: async (p, base) => { await p.goto(`${base}people?tab=companies&view=key_accounts&dormant=30`); await p.getByRole('table', { name: 'Companies' }).or(p.getByText('No companies match.')).waitFor(); } },
  { name: 'new contact panel', visit: async (p, base) => { await p.goto(`${base}people`); await p.getByRole('button', { name: 'New contact' }).click(); await p.getByRole('dialog').waitFor(); } },
  { name: 'customer', visit: openJane },
  { name: 'thread', visit: async (p, base) => { await openJane(p, base); await openReorder(p); } },
  {
    name: 'draft order', visit: async (p, base) => {
      await openJane(p, base);
      await openReorder(p);
      await p.getByRole('button', { name: 'Convert to order' }).click();
      await p.getByRole('form', { name: 'Draft order' }).waitFor();
    },
  },
  { name: 'history', visit: async (p, base) => { await openJane(p, base); await p.getByRole('button', { name: 'History' }).click(); await p.getByRole('dialog', { name: 'Change history' }).waitFor(); } },
  { name: 'inbox', visit: async (p, base) => { await p.goto(`${base}inbox`); await p.getByRole('list', { name: 'Threads' }).waitFor(); } },
  {
    name: 'inbox thread', visit: async (p, base) => {
      await p.goto(`${base}inbox`);
      await p.getByRole('list', { name: 'Threads' }).getByRole('button', { name: /^Widget order/ }).click();
      await p.getByRole('form', { name: 'Reply' }).waitFor();
    },
  },
  { name: 'mailboxes', visit: async (p, base) => { await p.goto(`${base}mailboxes`); await p.getByRole('article').first().waitFor(); } },
  { name: 'connect mailbox', visit: async (p, base) => { await p.goto(`${base}mailboxes`); await p.getByRole('button', { name: 'Connect a mailbox' }).click(); await p.getByRole('dialog').waitFor(); } },
  { name: 'settings', visit: async (p, base) => { await p.goto(`${base}settings`); await p.getByRole('table', { name: 'Products' }).waitFor(); await p.getByRole('form', { name: 'Mail rules' }).waitFor(); } },
  {
    name: 'local sign-in', visit: async (p, base) => {
      await p.goto(base);
      await p.getByRole('link', { name: 'Jane Doe' }).waitFor();
      await p.getByRole('button', { name: 'Switch Space' }).click();
      await p.getByRole('button', { name: 'admin@other.example' }).waitFor();
    },
  },
];

async function openJane(p: Page, base: string): Promise<void> {
  await p.goto(`${base}people?q=jane`);
  await p.getByRole('link', { name: 'Jane Doe' }).click();
  await p.getByRole('heading', { name: 'Timeline' }).waitFor();
  await p.locator('.timeline li').first().waitFor();
}

async function openReorder(p: Page): Promise<void> {
  await p.locator('.timeline li').filter({ has: p.getByText('Reorder', { exact: true }) }).getByRole('button').click();
  await p.getByRole('heading', { name: 'Reorder', level: 3 }).waitFor();
}

describe('accessibility of every console screen (axe-core)', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    it(`has no serious or critical violation and no sideways scrolling at ${viewport.width} px`, async () => {
      const page = await open.newPage(viewport);
      const findings: Record<string, AxeFinding[]> = {};
      const overflowing: string[] = [];
      for (const screen of SCREENS) {
        await screen.visit(page, consoleSession().consoleUrl);
        const found = await seriousA11yViolations(page);
        if (found.length > 0) findings[screen.name] = found;
        const wide = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        if (wide > 1) overflowing.push(`${screen.name} (+${wide} px)`);
      }
      await page.close();

      console.log(`${viewport.width} px: ${SCREENS.length} screens checked, ${Object.keys(findings).length} with serious findings, ${overflowing.length} overflowing`);
      expect(findings).toEqual({});
      expect(overflowing).toEqual([]);
    });
  }

  it('reports a serious violation when a page has one (the check itself can fail)', async () => {
    const page = await open.newPage();
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><button></button><input type="text"></main></html>');

    const found = await seriousA11yViolations(page);
    await page.close();

    expect(found.map((f) => f.id)).toEqual(expect.arrayContaining(['button-name', 'label']));
  });

  it('reaches the search, the grid and a customer with the keyboard alone', async () => {
    const page = await open.newPage();
    await page.goto(`${consoleSession().consoleUrl}people`);
    await page.getByRole('link', { name: 'Jane Doe' }).waitFor();

    const focused: string[] = [];
    for (let i = 0; i < 40 && !focused.includes('Jane Doe'); i++) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate<string>("document.activeElement?.innerText || document.activeElement?.getAttribute('aria-label') || document.activeElement?.id || ''"));
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Jane Doe', level: 1 }).waitFor();

    expect(focused).toContain('Skip to content');
    expect(focused).toContain('Jane Doe');
  });
});
