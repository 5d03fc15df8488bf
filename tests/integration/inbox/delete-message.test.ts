import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSpaceId, type Api } from '../../support/api-client.js';
import type { DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { aMail } from '../mail/mail-harness.js';
import { connectDeletionMailbox, dated, JANE, type DeletionMailbox, type InboxItem } from './deletion-mailbox.js';

const imapUser = { user: 'delete-message', password: 'delete-message-password' };
const spaceId = newSpaceId();
const ids = { order: ulid(), reply: ulid(), quote: ulid(), quoteReply: ulid(), invoice: ulid(), later: ulid(), after: ulid(), afterDelete: ulid() };
let box: DeletionMailbox;
let dovecot: DovecotServer;
let admin: Api;
let assignee: Api;
let other: Api;
let mailboxId: string;
const threads: Record<'order' | 'quote' | 'invoice', string> = {} as never;

const raws = {
  order: dated(aMail({ id: ids.order, subject: 'Order 12', from: `Jane Doe <${JANE}>`, body: 'Please send three gadgets.' }), 20),
  reply: dated(aMail({ id: ids.reply, subject: 'Re: Order 12', from: `Jane Doe <${JANE}>`, inReplyTo: `${ids.order}@northwind.example`, body: 'Also one zeppelin balloon.' }), 18),
  quote: dated(aMail({ id: ids.quote, subject: 'Quote 4', from: `Jane Doe <${JANE}>`, body: 'A quote for hammers.' }), 16),
  quoteReply: dated(aMail({ id: ids.quoteReply, subject: 'Re: Quote 4', from: `Jane Doe <${JANE}>`, inReplyTo: `${ids.quote}@northwind.example`, body: 'And anvils too.' }), 14),
  invoice: dated(aMail({ id: ids.invoice, subject: 'Invoice 9', from: `Jane Doe <${JANE}>` }), 12),
};

/** The UID and UIDVALIDITY the server gives the mail with this Message-ID (local part) in `folder`. */
const uidOf = async (folder: string, localId: string): Promise<{ uid: number; uidValidity: string }> => {
  const out = await dovecot.doveadm(['-f', 'tab', 'fetch', '-u', imapUser.user, 'uid hdr.message-id', 'mailbox', folder, 'all']);
  const status = await dovecot.doveadm(['-f', 'tab', 'mailbox', 'status', '-u', imapUser.user, 'uidvalidity', folder]);
  const line = out.split('\n').find((l) => l.includes(`<${localId}@`))!;
  return { uid: Number(line.split('\t')[0]), uidValidity: status.trim().split('\n').at(-1)!.split('\t').at(-1)!.trim() };
};
type TrailRow = { event: string; source: string; messageId: string | null; details: Record<string, unknown>; imap?: unknown };
const idsIn = (folder: string) => box.idsIn(folder);
const timeline = () => box.timeline();
const interactions = () => box.interactions();
const inbox = () => box.inbox();
const itemsNaming = (needle: string) => box.itemsNaming([needle]);
const messagesOf = async (threadId: string): Promise<{ id: string; snippet: string; date: string }[]> => (await admin.get(`/threads/${threadId}?order=oldest`)).body.messages;

beforeAll(async () => {
  box = await connectDeletionMailbox(spaceId, imapUser, Object.values(raws),
    (items) => items.length === 3 && items.every((t) => t.messageCount === (t.subject === 'Invoice 9' ? 1 : 2)));
  ({ dovecot, admin, assignee, other, mailboxId } = box);
  for (const t of box.listed) threads[t.subject.includes('Order 12') ? 'order' : t.subject.includes('Quote 4') ? 'quote' : 'invoice'] = t.id;
}, 150_000);
afterAll(async () => { await dovecot?.stop(); });

const messageIdOf = async (threadId: string, index: number): Promise<string> => (await messagesOf(threadId))[index]!.id;

describe('DELETE /messages/{id} in the CRM only', () => {
  it('needs the role and If-Match, then hides the message in the thread, the inbox line, search, the timeline and the stats, and a sync imports nothing again', async () => {
    const [first, reply] = [await messageIdOf(threads.order, 0), await messageIdOf(threads.order, 1)];
    const before = (await inbox()).find((t) => t.id === threads.order)!;
    const countsBefore = (await admin.get('/inbox/counts')).body;
    const statsBefore = await interactions();
    expect(before.snippet).toContain('zeppelin');
    expect((await admin.get('/inbox?q=zeppelin')).body.items.map((t: InboxItem) => t.id)).toEqual([threads.order]);
    await admin.patch(`/threads/${threads.order}`, { assigneeId: 'staff-1' }, { headers: { 'if-match': '"0"' } });

    const refused = await other.delete(`/messages/${reply}?mode=crm`, { headers: { 'if-match': '"1"' } });
    const noIfMatch = await assignee.delete(`/messages/${reply}?mode=crm`);
    const stale = await assignee.delete(`/messages/${reply}?mode=crm`, { headers: { 'if-match': '"0"' } });
    const deleted = await assignee.delete(`/messages/${reply}?mode=crm`, { headers: { 'if-match': '"1"', 'idempotency-key': 'del-reply-1' } });
    const replay = await assignee.delete(`/messages/${reply}?mode=crm`, { headers: { 'if-match': '"1"', 'idempotency-key': 'del-reply-1' } });
    const again = await assignee.delete(`/messages/${reply}?mode=crm`, { headers: { 'if-match': '"2"' } });

    expect([refused.status, noIfMatch.status, stale.status, deleted.status, replay.status, again.status]).toEqual([403, 428, 412, 200, 200, 404]);
    expect(deleted.body).toMatchObject({ messageId: reply, threadId: threads.order, mode: 'crm', deletedBy: 'staff-1', threadDeleted: false, mailboxJobs: 0, notOnServer: 0 });
    expect(replay.body).toEqual(deleted.body);
    expect((await admin.get(`/messages/${reply}`)).status).toBe(404);
    expect((await admin.get(`/messages/${reply}/trail`)).status).toBe(404);
    expect((await messagesOf(threads.order)).map((m) => m.id)).toEqual([first]);
    const after = (await inbox()).find((t) => t.id === threads.order)!;
    const firstMessage = (await messagesOf(threads.order))[0]!;
    expect(after).toMatchObject({ messageCount: 1, snippet: firstMessage.snippet, lastMessageAt: firstMessage.date, version: 2 });
    expect(after.snippet).not.toContain('zeppelin');
    expect((await admin.get('/inbox?q=zeppelin')).body.items).toEqual([]);
    expect((await admin.get('/inbox?q=gadgets')).body.items.map((t: InboxItem) => t.id)).toEqual([threads.order]);
    expect((await admin.get('/inbox/counts')).body.all).toBe(countsBefore.all);
    expect(await eventually(interactions, (n) => n === statsBefore - 1, 10_000)).toBe(statsBefore - 1);
    const lines = await timeline();
    expect(lines.filter((l) => l.kind === 'mail' && l.messageId === reply)).toEqual([]);
    expect(lines.filter((l) => l.kind === 'mail' && l.messageId === first)).toHaveLength(1);
    expect(lines).toContainEqual(expect.objectContaining({ kind: 'deleted_mail', threadId: threads.order, deletedBy: 'staff-1', mode: 'crm', messageCount: 1, subject: 'Re: Order 12' }));
    const audit = (await admin.get(`/audit?entity=thread:${threads.order}&limit=50`)).body.items;
    expect(audit).toContainEqual(expect.objectContaining({ action: 'delete', userId: 'staff-1', details: { mode: 'crm', messages: 1, messageId: reply } }));
    expect(await idsIn('INBOX')).toContain(ids.reply);

    await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ id: ids.later, subject: 'Later mail', from: `Jane Doe <${JANE}>` }));
    expect((await admin.post(`/mailboxes/${mailboxId}/sync`, {})).status).toBe(202);
    await eventually(inbox, (items) => items.some((t) => t.subject === 'Later mail'), 60_000);
    expect((await messagesOf(threads.order)).map((m) => m.id)).toEqual([first]);
    expect((await admin.get(`/messages/${reply}`)).status).toBe(404);
  }, 180_000);
});

describe('DELETE /messages/{id} from the mailbox (real Dovecot, through the sync function)', () => {
  it('moves the one message to Trash, leaves no item naming it but its two audit rows and the claim tombstone, and the next sync imports nothing again', async () => {
    const [quote, quoteReply] = [await messageIdOf(threads.quote, 0), await messageIdOf(threads.quote, 1)];
    const onServer = await uidOf('INBOX', ids.quoteReply);
    const synced = (await admin.get(`/messages/${quoteReply}/trail`)).body.items.find((r: TrailRow) => r.event === 'synced');
    expect(synced.imap).toEqual({ mailboxId, folders: [{ path: 'INBOX', uids: [onServer.uid], uidValidity: onServer.uidValidity }] });

    const deleted = await admin.delete(`/messages/${quoteReply}?mode=mailbox`, { headers: { 'if-match': '"0"' } });
    const inboxIds = await eventually(() => idsIn('INBOX'), (l) => !l.includes(ids.quoteReply), 30_000);
    const left = await eventually(() => itemsNaming(quoteReply), (items) => !items.some((i) => i.entity === 'message') && items.filter((i) => i.entity === 'audit').length >= 2, 30_000);

    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ messageId: quoteReply, threadId: threads.quote, mode: 'mailbox', threadDeleted: false, mailboxJobs: 1, notOnServer: 0 });
    expect(inboxIds).toContain(ids.quote);
    expect(await idsIn('Trash')).toEqual([ids.quoteReply]);
    const kinds = left.map((i) => (i.entity === 'message-claim' ? `claim:${i.deletedAt ? 'tombstone' : 'live'}` : String(i.entity))).sort();
    console.log('items left naming the deleted message:', kinds.join(', '));
    // The request's audit row (naming the message) and the sync function's row (its id names the job's first message).
    expect(kinds).toEqual(['audit', 'audit', 'claim:tombstone']);
    expect((await messagesOf(threads.quote)).map((m) => m.id)).toEqual([quote]);
    expect((await inbox()).find((t) => t.id === threads.quote)).toMatchObject({ messageCount: 1 });
    // The thread trail tells which folder and UID the sync function touched on the server and where the mail went.
    const removed = (await admin.get(`/threads/${threads.quote}/trail`)).body.items.filter((r: TrailRow) => r.event === 'deleted' && r.details.step === 'removed-from-mailbox');
    expect(removed).toEqual([expect.objectContaining({
      imap: { mailboxId, folders: [{ path: 'INBOX', uids: [onServer.uid], uidValidity: onServer.uidValidity }], movedTo: 'Trash' },
    })]);

    await dovecot.appendMessage(imapUser.user, 'INBOX', raws.quoteReply);
    await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ id: ids.after, subject: 'After mail', from: `Jane Doe <${JANE}>` }));
    expect((await admin.post(`/mailboxes/${mailboxId}/sync`, {})).status).toBe(202);
    await eventually(inbox, (items) => items.some((t) => t.subject === 'After mail'), 60_000);
    expect((await messagesOf(threads.quote)).map((m) => m.id)).toEqual([quote]);
    expect((await itemsNaming(quoteReply)).filter((i) => i.entity === 'message' || i.entity === 'thread-member')).toEqual([]);
  }, 180_000);
});

describe('DELETE /messages/{id} of a thread\'s last message', () => {
  it('deletes the thread as DELETE /threads/{id} does', async () => {
    const only = await messageIdOf(threads.invoice, 0);

    const deleted = await admin.delete(`/messages/${only}?mode=crm`, { headers: { 'if-match': '"0"' } });

    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ messageId: only, threadId: threads.invoice, mode: 'crm', threadDeleted: true });
    expect((await admin.get(`/threads/${threads.invoice}`)).status).toBe(404);
    expect((await inbox()).map((t) => t.id)).not.toContain(threads.invoice);
    expect((await admin.get(`/audit?entity=thread:${threads.invoice}&limit=5`)).body.items)
      .toContainEqual(expect.objectContaining({ action: 'delete', details: { mode: 'crm', messages: 1 } }));
  });
});

describe('a new mail in a deleted thread', () => {
  it('opens a new visible thread instead of vanishing into the deleted one', async () => {
    const before = new Set((await inbox()).map((t) => t.id));
    await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({
      id: ids.afterDelete, subject: 'Re: Invoice 9', from: `Jane Doe <${JANE}>`, inReplyTo: `${ids.invoice}@northwind.example`, body: 'Did you get my invoice?',
    }));

    expect((await admin.post(`/mailboxes/${mailboxId}/sync`, {})).status).toBe(202);
    const listed = await eventually(inbox, (items) => items.some((t) => t.subject === 'Re: Invoice 9'), 60_000);

    const reopened = listed.find((t) => t.subject === 'Re: Invoice 9')!;
    expect(reopened.id).not.toBe(threads.invoice);
    expect(before.has(reopened.id)).toBe(false);
    expect(reopened).toMatchObject({ messageCount: 1, unread: true, status: 'open' });
    expect((await admin.get(`/threads/${threads.invoice}`)).status).toBe(404);
    const lines = await eventually(timeline, (items) => items.some((l) => l.kind === 'mail' && l.threadId === reopened.id), 20_000);
    expect(lines.filter((l) => l.kind === 'mail' && l.threadId === threads.invoice)).toEqual([]);
  }, 90_000);
});
