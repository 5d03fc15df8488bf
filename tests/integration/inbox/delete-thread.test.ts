import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from '../../../shared/adapters/blobs/s3-blobs.js';
import { requireEnv } from '../../../shared/config/config.js';
import type { MessageRecord } from '../../../shared/domain/threads/ports.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { createMessageStore } from '../../../shared/store/message-store.js';
import { newSpaceId, type Api } from '../../support/api-client.js';
import type { DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { aMail } from '../mail/mail-harness.js';
import { connectDeletionMailbox, dated, JANE, type DeletionMailbox } from './deletion-mailbox.js';

const imapUser = { user: 'delete-thread', password: 'delete-thread-password' };
const spaceId = newSpaceId();
const ids = { order: ulid(), reply: ulid(), invoice: ulid(), keep: ulid(), later: ulid() };
let box: DeletionMailbox;
let dovecot: DovecotServer;
let admin: Api;
let assignee: Api;
let other: Api;
let jane: string;
let mailboxId: string;
const threads: Record<'order' | 'invoice' | 'keep', string> = {} as never;

const raws = {
  order: aMail({ id: ids.order, subject: 'Order 12', from: `Jane Doe <${JANE}>` }),
  reply: aMail({ id: ids.reply, subject: 'Re: Order 12', from: `Jane Doe <${JANE}>`, inReplyTo: `${ids.order}@northwind.example` }),
  invoice: aMail({ id: ids.invoice, subject: 'Invoice 9', from: `Jane Doe <${JANE}>` }),
  keep: aMail({ id: ids.keep, subject: 'Quote 4', from: `Jane Doe <${JANE}>` }),
};

const idsIn = (folder: string) => box.idsIn(folder);
const timeline = () => box.timeline();
const interactions = () => box.interactions();
const itemsNaming = (needles: readonly string[]) => box.itemsNaming(needles);
const bucketKeys = async (): Promise<string[]> => {
  const out = await s3Client().send(new ListObjectsV2Command({ Bucket: requireEnv('mailBucket'), Prefix: `space/${spaceId}/` }));
  return (out.Contents ?? []).map((o) => o.Key!);
};

beforeAll(async () => {
  box = await connectDeletionMailbox(spaceId, imapUser, [dated(raws.order, 10), dated(raws.reply, 8), dated(raws.invoice, 6), dated(raws.keep, 4)],
    (items) => items.length === 3 && items.every((t) => t.messageCount === (t.subject.includes('Order 12') ? 2 : 1)));
  ({ dovecot, admin, assignee, other, jane, mailboxId } = box);
  for (const t of box.listed) threads[t.subject.includes('Order 12') ? 'order' : t.subject === 'Invoice 9' ? 'invoice' : 'keep'] = t.id;
}, 150_000);
afterAll(async () => { await dovecot?.stop(); });

describe('deleting a thread in the CRM only', () => {
  it('is refused to staff who are not the assignee, needs If-Match, and then hides the thread everywhere but keeps a history line', async () => {
    const assigned = await admin.patch(`/threads/${threads.invoice}`, { assigneeId: 'staff-1' }, { headers: { 'if-match': '"0"' } });
    const countsBefore = (await admin.get('/inbox/counts')).body.all;
    const statsBefore = await interactions();

    const refused = await other.delete(`/threads/${threads.invoice}?mode=crm`, { headers: { 'if-match': '"1"' } });
    const noIfMatch = await assignee.delete(`/threads/${threads.invoice}?mode=crm`);
    const stale = await assignee.delete(`/threads/${threads.invoice}?mode=crm`, { headers: { 'if-match': '"0"' } });
    const deleted = await assignee.delete(`/threads/${threads.invoice}?mode=crm`, { headers: { 'if-match': '"1"', 'idempotency-key': 'del-invoice-1' } });
    const replay = await assignee.delete(`/threads/${threads.invoice}?mode=crm`, { headers: { 'if-match': '"1"', 'idempotency-key': 'del-invoice-1' } });
    const again = await assignee.delete(`/threads/${threads.invoice}?mode=crm`, { headers: { 'if-match': '"2"' } });

    expect(assigned.body).toMatchObject({ assigneeId: 'staff-1', version: 1 });
    expect([refused.status, noIfMatch.status, stale.status, deleted.status, replay.status, again.status]).toEqual([403, 428, 412, 200, 200, 404]);
    expect(deleted.body).toMatchObject({ threadId: threads.invoice, mode: 'crm', deletedBy: 'staff-1', messages: 1, mailboxJobs: 0 });
    expect(replay.body).toEqual(deleted.body);
    expect((await admin.get(`/threads/${threads.invoice}`)).status).toBe(404);
    expect((await assignee.get(`/threads/${threads.invoice}`)).status).toBe(404);
    expect((await admin.get('/inbox?limit=10')).body.items.map((t: { id: string }) => t.id)).not.toContain(threads.invoice);
    expect((await admin.get('/inbox?q=invoice')).body.items).toEqual([]);
    expect((await admin.get('/inbox/counts')).body.all).toBe(countsBefore - 1);
    expect(await eventually(interactions, (n) => n === statsBefore - 1, 10_000)).toBe(statsBefore - 1);
    const lines = await timeline();
    expect(lines.filter((l) => l.kind === 'mail' && l.threadId === threads.invoice)).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ kind: 'deleted_mail', threadId: threads.invoice, deletedBy: 'staff-1', mode: 'crm', messageCount: 1, subject: 'Invoice 9' }));
    const audit = await admin.get(`/audit?entity=thread:${threads.invoice}&limit=50`);
    expect(audit.status).toBe(200);
    expect((await admin.get(`/threads/${threads.invoice}/trail`)).status).toBe(404);
    expect(audit.body.items).toContainEqual(expect.objectContaining({ action: 'delete', userId: 'staff-1', details: { mode: 'crm', messages: 1 } }));
    expect(await idsIn('INBOX')).toContain(ids.invoice);
  });
});

describe('deleting a thread from the mailbox (real Dovecot, through the sync function)', () => {
  it('moves the mail to Trash, removes every CRM item and object of it but the history and audit, and the next sync imports nothing again', async () => {
    const store = createMessageStore(defaultTable());
    const detail = await admin.get(`/threads/${threads.order}`);
    expect(detail.status).toBe(200);
    const messageIds = detail.body.messages.map((m: { id: string }) => m.id) as string[];
    const records = (await Promise.all(messageIds.map((id) => store.findMessage(spaceId, id)))) as MessageRecord[];
    const objects = records.flatMap((r) => [r.rawKey, ...(r.parsedKey ? [r.parsedKey] : []), ...r.attachments.map((a) => a.key)]);
    expect(objects.every((k) => k.length > 0)).toBe(true);
    expect(await bucketKeys()).toEqual(expect.arrayContaining(objects));

    const threadTrail = await admin.get(`/threads/${threads.order}/trail`);
    const messageTrail = await admin.get(`/messages/${messageIds[0]}/trail`);
    expect(threadTrail.body.items.map((r: { event: string }) => r.event).sort()).toEqual(['linked', 'linked', 'synced', 'synced']);
    expect(messageTrail.body.items.map((r: { event: string; source: string; details: { id?: string } }) => [r.event, r.source, r.details.id ?? null]).sort())
      .toEqual([['linked', 'message', jane], ['synced', 'message', null]]);

    const deleted = await admin.delete(`/threads/${threads.order}?mode=mailbox`, { headers: { 'if-match': '"0"' } });
    const inbox = await eventually(() => idsIn('INBOX'), (l) => !l.includes(ids.order) && !l.includes(ids.reply), 30_000);
    const left = await eventually(() => itemsNaming([threads.order, ...messageIds]), (items) => items.filter((i) => i.entity === 'audit').length === 2, 30_000);

    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ mode: 'mailbox', messages: 2, mailboxJobs: 1, notOnServer: 0 });
    expect(inbox).toEqual([ids.invoice, ids.keep].sort());
    expect(await idsIn('Trash')).toEqual([ids.order, ids.reply].sort());
    const kinds = left.map((i) => (i.entity === 'timeline' ? `timeline:${String(i.kind)}` : i.entity === 'message-claim' ? `claim:${i.deletedAt ? 'tombstone' : 'live'}` : String(i.entity))).sort();
    console.log('items left naming the deleted thread or its messages:', kinds.join(', '));
    expect(kinds).toEqual(['audit', 'audit', 'claim:tombstone', 'claim:tombstone', 'timeline:deleted_mail'].sort());
    expect(left.filter((i) => i.entity === 'message-claim').every((i) => Object.keys(i).sort().join() === 'contentSha256,deletedAt,entity,pk,sk,v')).toBe(true);
    const remaining = await bucketKeys();
    expect(objects.filter((k) => remaining.includes(k))).toEqual([]);
    expect((await timeline()).filter((l) => l.kind === 'deleted_mail').map((l) => [l.threadId, l.mode])).toEqual(expect.arrayContaining([[threads.order, 'mailbox']]));

    // The mail comes back to the INBOX (restored from Trash): the next sync must not import it again.
    await dovecot.appendMessage(imapUser.user, 'INBOX', raws.order);
    await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ id: ids.later, subject: 'Later mail', from: `Jane Doe <${JANE}>` }));
    expect((await admin.post(`/mailboxes/${mailboxId}/sync`, {})).status).toBe(202);
    const after = await eventually(() => admin.get('/inbox?limit=10'), (r) => r.body.items?.some((t: { subject: string }) => t.subject === 'Later mail'), 60_000);
    expect(after.body.items.map((t: { subject: string }) => t.subject).sort()).toEqual(['Later mail', 'Quote 4']);
    expect((await itemsNaming(messageIds)).filter((i) => i.entity === 'message' || i.entity === 'thread-member')).toEqual([]);
  }, 150_000);
});
