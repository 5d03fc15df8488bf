import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, openBrowser, screenshot, type OpenBrowser } from './support/console.js';
import { syncedThread } from './support/demo.js';

let open: OpenBrowser;
beforeAll(async () => { open = await openBrowser(); });
afterAll(async () => { await open?.close(); });

const SUBJECT = 'Do you ship to Canada?';
const NEWSLETTER = '[Widget Weekly] Spring trade show special';
/** The demo thread's row while unread: the subject first, the Unread badge among its tags. */
const UNREAD_ROW = /^Do you ship to Canada\?.*Unread/s;

/** Changes the thread behind the console's back, as a colleague would, so the console's version is stale. */
async function patchAsColleague(threadId: string, body: Record<string, unknown>): Promise<number> {
  const { apiUrl, token } = consoleSession();
  const auth = { authorization: `Bearer ${token}` };
  const current = await fetch(`${apiUrl}/threads/${threadId}`, { headers: auth });
  const res = await fetch(`${apiUrl}/threads/${threadId}`, {
    method: 'PATCH', headers: { ...auth, 'content-type': 'application/json', 'if-match': current.headers.get('etag')! }, body: JSON.stringify(body),
  });
  return res.status;
}

/** The focused element's visible text, aria-label or the text of its label (run in the page). */
const FOCUSED_NAME = "((e) => e ? (e.innerText || e.getAttribute('aria-label') || e.labels?.[0]?.textContent || '') : '')(document.activeElement)";

/** The demo mailbox's 11 sample mails make 9 threads (a reply and our answer join the order thread). */
const DEMO_THREADS = 9;

/** Waits until every demo thread is filed, so the list and its counts stop moving under the test. */
async function demoSynced(): Promise<void> {
  const { apiUrl, token } = consoleSession();
  for (let tries = 0; tries < 60; tries++) {
    const res = await fetch(`${apiUrl}/inbox?limit=100`, { headers: { authorization: `Bearer ${token}` } });
    if (((await res.json()) as { items: unknown[] }).items.length >= DEMO_THREADS) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`the demo mailbox never reached ${DEMO_THREADS} threads`);
}

describe('the Inbox in the console', () => {
  it('filters unread, opens the demo thread, assigns it to me, completes it and replies', async () => {
    await demoSynced();
    const readStatus = await patchAsColleague(await syncedThread(NEWSLETTER), { unread: false });
    const page = await open.newPage();
    await page.goto(`${consoleSession().consoleUrl}inbox`);
    const list = page.getByRole('list', { name: 'Threads' });
    await list.getByRole('listitem').first().waitFor();
    await list.getByRole('button', { name: /^\[Widget Weekly\]/ }).waitFor();
    const allRows = await list.getByRole('listitem').count();

    const counts = await page.getByLabel('Thread counts').innerText();
    await page.getByLabel('Read state').selectOption('true');
    await page.waitForURL(/unread=true/);
    await list.getByRole('button', { name: UNREAD_ROW }).waitFor();
    const unreadRows = await list.getByRole('listitem').count();
    const unreadBadges = await list.locator('.badge', { hasText: /^Unread$/ }).count();
    const newsletterListed = await list.getByRole('button', { name: /^\[Widget Weekly\]/ }).count();
    await screenshot(page, 'inbox');
    await list.getByRole('button', { name: UNREAD_ROW }).click();

    const panel = page.getByRole('dialog', { name: SUBJECT });
    const state = panel.getByLabel('Thread state');
    await panel.getByRole('button', { name: 'Assign to me' }).click();
    await state.filter({ hasText: 'Assigned to me' }).waitFor();
    await panel.getByRole('button', { name: 'Complete' }).click();
    await state.filter({ hasText: 'Completed' }).waitFor();
    const messagesBefore = await panel.getByRole('list', { name: 'Messages, newest first' }).getByRole('listitem').count();

    await panel.getByRole('textbox', { name: 'Reply' }).fill('Yes, we ship to Canada; delivery to Toronto takes 5 to 7 business days.');
    await panel.getByRole('button', { name: 'Send reply' }).click();
    const sentTo = await panel.getByRole('status').filter({ hasText: /^Sent to / }).innerText();
    const newest = panel.getByRole('list', { name: 'Messages, newest first' }).getByRole('listitem').first();
    await newest.filter({ hasText: 'delivery to Toronto takes 5 to 7 business days' }).waitFor({ timeout: 90_000 });
    const messagesAfter = await panel.getByRole('list', { name: 'Messages, newest first' }).getByRole('listitem').count();
    const question = panel.getByRole('list', { name: 'Messages, newest first' }).getByRole('listitem').last();
    await question.getByRole('button', { name: 'Read all' }).click();
    // The demo question has an HTML part: the console shows it in its sandboxed frame.
    const body = await question.frameLocator('iframe.mail-html').locator('body').innerText();

    console.log(`newsletter marked read: ${readStatus}; counts "${counts}"; inbox: ${allRows} threads, ${unreadRows} unread (${unreadBadges} unread badges); ${sentTo}; messages ${messagesBefore} -> ${messagesAfter}`);
    expect(readStatus).toBe(200);
    expect(newsletterListed).toBe(0);
    expect(counts).toContain(`${unreadRows} unread`);
    expect(unreadRows).toBeLessThan(allRows);
    expect(unreadBadges).toBe(unreadRows);
    expect(sentTo).toContain('bob.smith@contoso.example');
    expect(await newest.innerText()).toMatch(/^Sent to bob\.smith@contoso\.example/);
    expect(messagesAfter).toBe(messagesBefore + 1);
    expect(body).toContain('how long does delivery to Toronto usually take?');
    expect(await question.getByRole('button', { name: 'Show less' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('reloads the thread and says so when a colleague changed it first (412)', async () => {
    const threadId = await syncedThread('Purchase order PO-1042');
    const page = await open.newPage();
    await page.goto(`${consoleSession().consoleUrl}inbox`);
    await page.getByRole('list', { name: 'Threads' }).getByRole('button', { name: /^Purchase order PO-1042/ }).click();
    await page.waitForURL(new RegExp(`thread=${threadId}`));
    const panel = page.getByRole('dialog', { name: 'Purchase order PO-1042' });
    await panel.getByRole('button', { name: 'Assign to me' }).waitFor();

    const colleague = await patchAsColleague(threadId, { status: 'completed' });
    await panel.getByRole('button', { name: 'Assign to me' }).click();
    const notice = await panel.getByRole('status').filter({ hasText: /changed this thread first/ }).innerText();
    await panel.getByLabel('Thread state').filter({ hasText: 'Completed' }).waitFor();
    const stillUnassigned = await panel.getByLabel('Thread state').innerText();

    console.log(`colleague PATCH ${colleague}; console: "${notice}"`);
    expect(colleague).toBe(200);
    expect(stillUnassigned).toContain('Unassigned');
    expect(await panel.getByRole('button', { name: 'Reopen' }).isVisible()).toBe(true);
  });

  it('shows the problem detail when the thread does not exist', async () => {
    const page = await open.newPage();
    await page.goto(`${consoleSession().consoleUrl}inbox?thread=00000000000000000000000000000000`);
    const alert = await page.getByRole('dialog').getByRole('alert').innerText();
    console.log(`missing thread: "${alert}"`);
    expect(alert).toMatch(/^No such thread/);
  });

  it('opens a thread and works it with the keyboard alone', async () => {
    await syncedThread('Widget order');
    const page = await open.newPage();
    await page.goto(`${consoleSession().consoleUrl}inbox`);
    await page.getByRole('list', { name: 'Threads' }).getByRole('button', { name: /^Widget order/ }).waitFor();

    const focused: string[] = [];
    for (let i = 0; i < 60 && !focused.some((f) => f.startsWith('Widget order')); i++) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate<string>(FOCUSED_NAME));
    }
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: 'Widget order' });
    await panel.getByRole('button', { name: 'Mark read' }).waitFor();
    const inPanel: string[] = [];
    for (let i = 0; i < 10 && !inPanel.includes('Mark read'); i++) {
      await page.keyboard.press('Tab');
      inPanel.push(await page.evaluate<string>(FOCUSED_NAME));
    }
    await page.keyboard.press('Enter');
    await panel.getByRole('button', { name: 'Mark unread' }).waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    console.log(`tabs to the thread: ${focused.length}; tabs in the panel to Mark read: ${inPanel.length}`);
    expect(focused).toContain('Search');
    expect(inPanel).toContain('Mark read');
    expect(new URL(page.url()).searchParams.has('thread')).toBe(false);
  });
});
