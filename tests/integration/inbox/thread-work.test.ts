import { beforeAll, describe, expect, it } from 'vitest';
import { defaultTable } from '../../../shared/store/dynamo.js';
import type { MessageRecord } from '../../../shared/domain/threads/ports.js';
import { createThreadMembers } from '../../../shared/store/thread-members.js';
import { createThreadStore } from '../../../shared/store/thread-store.js';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

const space = newSpaceId();
let counter = 0;
const hex = (i: number) => i.toString(16).padStart(32, '0');
const at = (i: number) => new Date(Date.parse('2026-10-01T00:00:00Z') + i * 60_000).toISOString();
const staff = (n: number, spaceId = space) => apiAs(spaceId, 'staff', `staff-${n}`);
let admin: Api;

/** A new thread of `messages` inbound mails, through the thread store the linker uses. */
async function aThread(messages = 1, spaceId = space): Promise<string> {
  const id = hex(++counter * 1000);
  for (let m = 0; m < messages; m++) {
    const mail = { messageId: hex(counter * 1000 + m + 1), subject: `Question ${counter}`, date: at(counter * 100 + m), snippet: `message ${m}`, direction: 'inbound' as const };
    const from = { address: 'jane@northwind.example' };
    await createThreadMembers(defaultTable()).putMember({ ...mail, spaceId, id: mail.messageId, threadId: id, from, to: [], cc: [], attachments: [] } as unknown as MessageRecord);
    await createThreadStore(defaultTable()).addToThread(spaceId, id, { ...mail, sender: from, participants: [from.address], contactIds: [], companyIds: [] });
  }
  return id;
}

const auditOf = async (threadId: string, reader: Api = admin) => {
  const rows: { action: string; userId: string; changes: Record<string, { old: unknown; new: unknown }> }[] = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await reader.get(`/audit?entity=thread:${threadId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(status).toBe(200);
    rows.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return rows.reverse();
};

describe('assign, complete and reopen a thread with optimistic versions', () => {
  beforeAll(() => { useLocalStackEnv(); admin = apiAs(space, 'admin', 'admin-1'); });

  it('lets 1 of 20 staff with the same If-Match win; the 19 others get 412 and nothing is written', async () => {
    const id = await aThread();

    const replies = await Promise.all(Array.from({ length: 20 }, (_, n) => staff(n).patch(`/threads/${id}`, { assigneeId: `staff-${n}` }, { headers: { 'if-match': '"0"' } })));
    const statuses = replies.map((r) => r.status).sort();
    const audit = await auditOf(id);

    expect(statuses).toEqual([200, ...Array(19).fill(412)]);
    expect(replies.filter((r) => r.status === 412).every((r) => r.body.currentVersion === 1)).toBe(true);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'assigned', changes: { assigneeId: { old: null, new: audit[0]!.userId } } });
  });

  it('loses no update when 20 staff each retry until their assignment lands, and audits each once', async () => {
    // A Space of its own: "assigned to me" must count this thread only, whoever won the other tests.
    const own = newSpaceId();
    const ownAdmin = apiAs(own, 'admin', 'admin-1');
    const id = await aThread(1, own);

    await Promise.all(Array.from({ length: 20 }, async (_, n) => {
      const api = staff(n, own);
      for (let attempt = 0; attempt < 200; attempt++) {
        const read = await api.get(`/threads/${id}`);
        const put = await api.patch(`/threads/${id}`, { assigneeId: `staff-${n}` }, { headers: { 'if-match': read.headers.get('etag')! } });
        if (put.status === 200) return;
        expect(put.status).toBe(412);
      }
      throw new Error(`staff-${n} never got through`);
    }));
    const thread = await ownAdmin.get(`/threads/${id}`);
    const audit = await auditOf(id, ownAdmin);
    const counts = await apiAs(own, 'staff', thread.body.assigneeId).get('/inbox/counts');

    expect(thread.body.version).toBe(20);
    expect(audit.map((a) => a.userId).sort()).toEqual(Array.from({ length: 20 }, (_, n) => `staff-${n}`).sort());
    expect(audit.every((a) => a.action === 'assigned' && a.changes.assigneeId!.new === a.userId)).toBe(true);
    expect(audit.slice(1).every((a, i) => a.changes.assigneeId!.old === audit[i]!.changes.assigneeId!.new)).toBe(true);
    expect(audit.at(-1)!.userId).toBe(thread.body.assigneeId);
    expect(counts.body.mine).toBe(1);
  }, 240_000);

  it('audits each of 20 staff acting at once (assign, complete or reopen, mark read or unread) exactly once and loses no update', async () => {
    const id = await aThread();
    const conflicts: number[] = [];

    await Promise.all(Array.from({ length: 20 }, async (_, n) => {
      const api = staff(n);
      for (let attempt = 0; attempt < 200; attempt++) {
        const read = await api.get(`/threads/${id}`);
        const change = n % 3 === 0 ? { assigneeId: `staff-${n}` } : n % 3 === 1 ? { status: read.body.status === 'open' ? 'completed' : 'open' } : { unread: !read.body.unread };
        const put = await api.patch(`/threads/${id}`, change, { headers: { 'if-match': read.headers.get('etag')! } });
        if (put.status === 200) return;
        expect(put.status).toBe(412);
        expect(put.body.currentVersion).toBeGreaterThan(read.body.version);
        conflicts.push(n);
      }
      throw new Error(`staff-${n} never got through`);
    }));
    const thread = await admin.get(`/threads/${id}`);
    const audit = await auditOf(id);
    const chainOf = (field: string) => audit.filter((a) => field in a.changes).map((a) => a.changes[field]!);
    const chained = (field: string) => chainOf(field).slice(1).every((c, i) => c.old === chainOf(field)[i]!.new);
    console.log(`20 staff on one thread: ${audit.length} audit rows, version ${thread.body.version}, ${conflicts.length} × 412 answered and retried`);

    expect(thread.body.version).toBe(20);
    expect(audit.map((a) => a.userId).sort()).toEqual(Array.from({ length: 20 }, (_, n) => `staff-${n}`).sort());
    expect(['assigneeId', 'status', 'unread'].every(chained)).toBe(true);
    expect(thread.body).toMatchObject({
      assigneeId: chainOf('assigneeId').at(-1)!.new, status: chainOf('status').at(-1)!.new, unread: chainOf('unread').at(-1)!.new,
    });
  }, 240_000);

  it('completes, reopens and marks read, moving the thread between filters and counts; new customer mail reopens it', async () => {
    const spaceId = newSpaceId();
    const api = apiAs(spaceId, 'staff', 'staff-a');
    const id = await aThread(1, spaceId);

    const done = await api.patch(`/threads/${id}`, { status: 'completed', unread: false }, { headers: { 'if-match': '"0"' } });
    const completed = await api.get('/inbox?status=completed');
    const countsDone = await api.get('/inbox/counts');
    const withoutIfMatch = await api.patch(`/threads/${id}`, { status: 'open' });
    await createThreadStore(defaultTable()).addToThread(spaceId, id, {
      messageId: hex(999_999), subject: 'Re: more', date: '2027-01-01T00:00:00.000Z', snippet: 'one more thing', sender: { address: 'jane@northwind.example' },
      direction: 'inbound', participants: ['jane@northwind.example'], contactIds: [], companyIds: [],
    });
    const after = await api.get(`/threads/${id}`);
    const countsAfter = await api.get('/inbox/counts');

    expect(done.status).toBe(200);
    expect(done.headers.get('etag')).toBe('"1"');
    expect(completed.body.items.map((t: { id: string }) => t.id)).toEqual([id]);
    expect(countsDone.body).toMatchObject({ all: 1, completed: 1, open: 0, unread: 0 });
    expect(withoutIfMatch.status).toBe(428);
    expect(after.body).toMatchObject({ status: 'open', unread: true, version: 1 });
    expect(countsAfter.body).toMatchObject({ all: 1, completed: 0, open: 1, unread: 1 });
  });

  it('shows a restricted thread to its assignee and admins only', async () => {
    const spaceId = newSpaceId();
    const owner = apiAs(spaceId, 'staff', 'owner');
    const other = apiAs(spaceId, 'staff', 'other');
    const boss = apiAs(spaceId, 'admin', 'boss');
    const id = await aThread(1, spaceId);

    const restricted = await owner.patch(`/threads/${id}`, { assigneeId: 'owner', restricted: true }, { headers: { 'if-match': '"0"' } });
    const [ownerList, otherList, bossList] = await Promise.all([owner, other, boss].map((a) => a.get('/inbox')));
    const otherRead = await other.get(`/threads/${id}`);
    const otherPatch = await other.patch(`/threads/${id}`, { status: 'completed' }, { headers: { 'if-match': '"1"' } });

    expect(restricted.body).toMatchObject({ restricted: true, assigneeId: 'owner', version: 1 });
    expect(ownerList!.body.items.map((t: { id: string }) => t.id)).toEqual([id]);
    expect(otherList!.body.items).toEqual([]);
    expect(bossList!.body.items.map((t: { id: string }) => t.id)).toEqual([id]);
    expect([otherRead.status, otherPatch.status]).toEqual([404, 404]);
  });

  it('pages a thread\'s messages newest first, and oldest first when asked', async () => {
    const id = await aThread(5);

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await admin.get(`/threads/${id}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(status).toBe(200);
      pages.push(body.messages.map((m: { snippet: string }) => m.snippet));
      cursor = body.nextCursor;
    } while (cursor);
    const oldest = await admin.get(`/threads/${id}?order=oldest&limit=2`);

    expect(pages.flat()).toEqual(['message 4', 'message 3', 'message 2', 'message 1', 'message 0']);
    expect(pages[0]).toEqual(['message 4', 'message 3']);
    expect(oldest.body.messages.map((m: { snippet: string }) => m.snippet)).toEqual(['message 0', 'message 1']);
  });
});
