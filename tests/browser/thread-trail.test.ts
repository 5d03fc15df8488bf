import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, openBrowser, type OpenBrowser } from './support/console.js';
import { syncedThread } from './support/demo.js';

let open: OpenBrowser;
beforeAll(async () => { open = await openBrowser(); });
afterAll(async () => { await open?.close(); });

const SUBJECT = '[Widget Weekly] Spring trade show special';

/** The folder, UID and UIDVALIDITY the API's trail gives the thread's synced row. */
async function apiSyncedPlace(threadId: string): Promise<{ path: string; uids: number[]; uidValidity?: string }> {
  const { apiUrl, token } = consoleSession();
  const res = await fetch(`${apiUrl}/threads/${threadId}/trail`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { items: { event: string; imap?: { folders: { path: string; uids: number[]; uidValidity?: string }[] } }[] };
  return body.items.find((r) => r.event === 'synced')!.imap!.folders[0]!;
}

describe('a thread\'s trail in the console', () => {
  it('shows the synced row with the folder, UID and UIDVALIDITY the mail was fetched from', async () => {
    const threadId = await syncedThread(SUBJECT);
    const expected = await apiSyncedPlace(threadId);
    const page = await open.newPage();
    await page.goto(`${consoleSession().consoleUrl}inbox?thread=${threadId}`);
    const panel = page.getByRole('dialog', { name: SUBJECT });

    await panel.getByRole('button', { name: 'Trail' }).click();
    const trail = panel.getByRole('list', { name: 'Trail, newest first' });
    const synced = trail.getByRole('listitem').filter({ hasText: /^synced/ });
    await synced.waitFor();
    const place = await synced.getByRole('table', { name: 'On the IMAP server' }).getByRole('row').nth(1).getByRole('cell').allInnerTexts();

    console.log(`synced row shows: ${place.join(' | ')}`);
    expect(expected.uidValidity).toMatch(/^\d+$/);
    expect(place).toEqual([expected.path, expected.uids.join(', '), expected.uidValidity]);
    expect(place[0]).toBe('INBOX');
  });
});
