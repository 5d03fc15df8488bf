import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-entry.js';
import type { CustomerEventRecord } from '../../../../shared/domain/customers/record-customer-event.js';
import { ForbiddenError, NotFoundError, VersionMismatchError } from '../../../../shared/domain/errors.js';
import { deleteThread, DELETE_JOB_MESSAGES, type DeletedThread, type DeletionHistory, type DeletionMark, type DeleteThreadDeps } from '../../../../shared/domain/threads/delete-thread.js';
import type { DeleteMailJob } from '../../../../shared/domain/threads/pipeline-jobs.js';
import type { MessageRecord } from '../../../../shared/domain/threads/ports.js';

const SPACE = 's1';
const rt = { now: () => new Date('2026-11-29T18:00:00.000Z'), newId: () => 'audit-1' };
const admin = { spaceId: SPACE, userId: 'admin-1', requestId: 'req-1', role: 'admin' as const };
const staff = (userId: string) => ({ spaceId: SPACE, userId, requestId: 'req-2', role: 'staff' as const });

const aMessage = (id: string, over: Partial<MessageRecord> = {}): MessageRecord => ({
  spaceId: SPACE, id, messageId: `${id}@northwind.example`, threadId: 't1', mailboxId: 'mb-1', folderRole: 'inbox', direction: 'inbound',
  from: { address: 'jane@northwind.example' }, to: [], cc: [], replyTo: [], subject: 'Order 12', date: '2026-11-29T17:00:00.000Z', snippet: '', text: '',
  hasHtml: false, attachments: [], parseStatus: 'ok', contactIds: ['c1'], companyIds: ['co1'], rawKey: `raw/${id}`, contentSha256: id,
  participants: ['jane@northwind.example'], createdAt: '2026-11-29T17:00:01.000Z', ...over,
} as MessageRecord);

const aThread = (over: Partial<DeletedThread> = {}): DeletedThread => ({
  id: 't1', subject: 'Order 12', lastMessageAt: '2026-11-29T17:00:00.000Z', messageCount: 2, participants: ['jane@northwind.example'], lastSnippet: '',
  contactIds: ['c1'], companyIds: ['co1'], unread: false, status: 'open', mailboxIds: ['mb-1'], version: 3, ...over,
});

function world(messages: MessageRecord[]) {
  const marks: { mark: DeletionMark; audit: AuditEntry; expected: number }[] = [];
  const removed: string[] = [];
  const history: { owners: string[]; line: DeletionHistory }[] = [];
  const events: CustomerEventRecord[] = [];
  const jobs: DeleteMailJob[] = [];
  const deps: DeleteThreadDeps = {
    messages: { findMessage: async (_s, id) => messages.find((m) => m.id === id) },
    markDeleted: async (_s, _t, expected, mark, audit) => { marks.push({ mark, audit, expected }); },
    removeLines: async (m) => { removed.push(m.id); },
    putHistory: async (_s, owners, line) => { history.push({ owners: owners.map((o) => `${o.kind}#${o.id}`).sort(), line }); },
    record: async (r) => { if (r) events.push(r); },
    queueDelete: async (job) => { jobs.push(job); },
  };
  return { deps, marks, removed, history, events, jobs };
}

describe('deleteThread', () => {
  it('hides the thread in the CRM: one mark with its audit row, timeline lines gone, stats down by each mail, a history line per owner', async () => {
    const w = world([aMessage('m1'), aMessage('m2', { automated: 'auto-reply' })]);

    const result = await deleteThread(w.deps, rt, admin, { thread: aThread(), messageIds: ['m1', 'm2'], expected: 3, mode: 'crm' });

    expect(result).toEqual({ threadId: 't1', mode: 'crm', deletedAt: '2026-11-29T18:00:00.000Z', deletedBy: 'admin-1', messages: 2, mailboxJobs: 0, notOnServer: 0 });
    expect(w.marks).toEqual([{ expected: 3, mark: { byUserId: 'admin-1', at: '2026-11-29T18:00:00.000Z', mode: 'crm', messages: 2 }, audit: expect.objectContaining({ action: 'delete', entity: 'thread', entityId: 't1', details: { mode: 'crm', messages: 2 } }) }]);
    expect(w.removed).toEqual(['m1', 'm2']);
    expect(w.events).toEqual([expect.objectContaining({ eventId: 'msg#m1#deleted', event: { kind: 'interaction', at: '2026-11-29T17:00:00.000Z', delta: -1 } })]);
    expect(w.history).toEqual([{ owners: ['company#co1', 'contact#c1'], line: { threadId: 't1', at: '2026-11-29T18:00:00.000Z', byUserId: 'admin-1', mode: 'crm', messages: 2, subject: 'Order 12' } }]);
    expect(w.jobs).toEqual([]);
  });

  it('lets the assignee delete, and refuses other staff with forbidden and a stale version with version-mismatch, writing nothing', async () => {
    const w = world([aMessage('m1')]);
    const thread = aThread({ assigneeId: 'staff-1' });

    await expect(deleteThread(w.deps, rt, staff('staff-2'), { thread, messageIds: ['m1'], expected: 3, mode: 'crm' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deleteThread(w.deps, rt, staff('staff-1'), { thread, messageIds: ['m1'], expected: 2, mode: 'crm' })).rejects.toBeInstanceOf(VersionMismatchError);
    expect(w.marks).toEqual([]);
    const done = await deleteThread(w.deps, rt, staff('staff-1'), { thread, messageIds: ['m1'], expected: 3, mode: 'crm' });

    expect(done.deletedBy).toBe('staff-1');
    expect(w.marks).toHaveLength(1);
  });

  it('queues the server-side delete per mailbox in parts of 50, and counts mail without a Message-ID as not on the server', async () => {
    const many = Array.from({ length: DELETE_JOB_MESSAGES + 1 }, (_, i) => aMessage(`a${i}`));
    const other = aMessage('b1', { mailboxId: 'mb-2' });
    const synthetic = aMessage('s1', { messageId: 'sha256:abc' });
    const w = world([...many, other, synthetic]);
    const ids = [...many, other, synthetic].map((m) => m.id);

    const result = await deleteThread(w.deps, rt, admin, { thread: aThread(), messageIds: ids, expected: 3, mode: 'mailbox' });

    expect(result).toMatchObject({ mode: 'mailbox', messages: 53, mailboxJobs: 3, notOnServer: 1 });
    expect(w.jobs.map((j) => [j.mailboxId, j.ids.length])).toEqual([['mb-1', 50], ['mb-1', 1], ['mb-2', 1]]);
    expect(w.jobs[2]).toMatchObject({ action: 'delete-mail', threadId: 't1', deletedAt: '2026-11-29T18:00:00.000Z', byUserId: 'admin-1', messageIds: ['b1@northwind.example'], ids: ['b1'] });
  });

  it('answers a replay of the same key by the same user as the first time without marking again, and is 404 to anyone else', async () => {
    const w = world([aMessage('m1')]);
    const mark: DeletionMark = { byUserId: 'admin-1', at: '2026-11-29T17:30:00.000Z', mode: 'mailbox', messages: 1, idempotencyKey: 'k1' };
    const thread = aThread({ deletion: mark, hidden: true, deleted: true });

    const replay = await deleteThread(w.deps, rt, admin, { thread, messageIds: ['m1'], expected: 3, mode: 'mailbox', idempotencyKey: 'k1' });

    expect(replay).toMatchObject({ deletedAt: '2026-11-29T17:30:00.000Z', mode: 'mailbox', mailboxJobs: 1 });
    expect(w.marks).toEqual([]);
    expect(w.events).toEqual([]);
    await expect(deleteThread(w.deps, rt, admin, { thread, messageIds: ['m1'], expected: 4, mode: 'mailbox', idempotencyKey: 'k2' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteThread(w.deps, rt, staff('staff-1'), { thread, messageIds: ['m1'], expected: 4, mode: 'mailbox', idempotencyKey: 'k1' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('moves no stats for a thread the blocklist hid already, and leaves the subject off the history of a private thread', async () => {
    const w = world([aMessage('m1')]);

    await deleteThread(w.deps, rt, admin, { thread: aThread({ hidden: true, privacy: 'metadata' }), messageIds: ['m1'], expected: 3, mode: 'crm' });

    expect(w.events).toEqual([]);
    expect(w.history[0]!.line.subject).toBeUndefined();
  });
});
