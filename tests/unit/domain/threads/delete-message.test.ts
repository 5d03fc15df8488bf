import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-entry.js';
import type { CustomerEventRecord } from '../../../../shared/domain/customers/record-customer-event.js';
import { ForbiddenError, NotFoundError, VersionMismatchError } from '../../../../shared/domain/errors.js';
import {
  deleteMessage, threadAfterRemoval, ThreadMovedError, type DeleteMessageDeps, type DeleteMessageInput, type ThreadAfterRemoval,
} from '../../../../shared/domain/threads/delete-message.js';
import type { DeletedThread, DeletionHistory, DeletionMark } from '../../../../shared/domain/threads/delete-thread.js';
import type { DeleteMailJob } from '../../../../shared/domain/threads/pipeline-jobs.js';
import type { MessageRecord, ThreadMessage } from '../../../../shared/domain/threads/ports.js';

const SPACE = 's1';
const rt = { now: () => new Date('2026-11-29T18:00:00.000Z'), newId: () => 'audit-1' };
const admin = { spaceId: SPACE, userId: 'admin-1', requestId: 'req-1', role: 'admin' as const };
const staff = (userId: string) => ({ spaceId: SPACE, userId, requestId: 'req-2', role: 'staff' as const });

const aMessage = (id: string, over: Partial<MessageRecord> = {}): MessageRecord => ({
  spaceId: SPACE, id, messageId: `${id}@northwind.example`, threadId: 't1', mailboxId: 'mb-1', folderRole: 'inbox', direction: 'inbound',
  from: { address: 'jane@northwind.example' }, to: [], cc: [], replyTo: [], subject: 'Re: Order 12', date: '2026-11-29T17:00:00.000Z', snippet: '', text: '',
  hasHtml: false, attachments: [], parseStatus: 'parsed', contactIds: ['c1'], companyIds: [], rawKey: `raw/${id}`, contentSha256: id,
  participants: ['jane@northwind.example'], createdAt: '2026-11-29T17:00:01.000Z', ...over,
} as MessageRecord);

const aMember = (id: string, date: string, over: Partial<ThreadMessage> = {}): ThreadMessage => ({
  id, threadId: 't1', subject: 'Order 12', date, from: { address: 'jane@northwind.example', name: 'Jane' }, to: [{ address: 'sales@acme.example' }], cc: [],
  snippet: `snippet of ${id}`, direction: 'inbound', attachmentCount: 0, ...over,
});

const aThread = (over: Partial<DeletedThread & { messageIds: string[] }> = {}): DeletedThread & { messageIds: string[] } => ({
  id: 't1', subject: 'Order 12', lastMessageAt: '2026-11-29T17:00:00.000Z', messageCount: 2, participants: ['bob@other.example', 'jane@northwind.example'], lastSnippet: '',
  contactIds: ['c1'], companyIds: [], unread: false, status: 'open', mailboxIds: ['mb-1'], version: 3, messageIds: ['m0', 'm1'], ...over,
});

function world(remaining: ThreadMessage[], failures: Error[] = []) {
  const marks: { mark: DeletionMark; audit: AuditEntry; after: ThreadAfterRemoval; seen: unknown }[] = [];
  const threadMarks: DeletionMark[] = [];
  const removed: string[] = [];
  const history: DeletionHistory[] = [];
  const events: CustomerEventRecord[] = [];
  const jobs: DeleteMailJob[] = [];
  const deps: DeleteMessageDeps = {
    messages: { findMessage: async (_s, id) => aMessage(id) },
    markDeleted: async (_s, _t, _e, mark) => { threadMarks.push(mark); },
    removeLines: async (m) => { removed.push(m.id); },
    putHistory: async (_s, _owners, line) => { history.push(line); },
    record: async (r) => { if (r) events.push(r); },
    queueDelete: async (job) => { jobs.push(job); },
    remainingMessages: async () => remaining,
    markMessageDeleted: async (_m, _e, seen, after, mark, audit) => {
      const failure = failures.shift();
      if (failure) throw failure;
      marks.push({ mark, audit, after, seen });
    },
  };
  return { deps, marks, threadMarks, removed, history, events, jobs };
}

const input = (over: Partial<DeleteMessageInput> = {}): DeleteMessageInput => ({ message: aMessage('m1'), thread: aThread(), expected: 3, mode: 'crm', ...over });

describe('threadAfterRemoval', () => {
  it('takes the newest remaining message as the thread\'s latest and keeps only participants a remaining message names', () => {
    const after = threadAfterRemoval(['bob@other.example', 'jane@northwind.example'], [
      aMember('m0', '2026-11-29T16:00:00.000Z'), aMember('m2', '2026-11-29T16:30:00.000Z', { direction: 'outbound', from: { address: 'sales@acme.example' }, to: [{ address: 'Jane@Northwind.example' }] }),
    ]);

    expect(after).toEqual({
      lastMessageAt: '2026-11-29T16:30:00.000Z', lastSnippet: 'snippet of m2', lastDirection: 'outbound', lastSender: { address: 'sales@acme.example' },
      messageCount: 2, participants: ['jane@northwind.example'],
    });
  });
});

describe('deleteMessage', () => {
  it('marks the message with an audit row naming it, takes it off the timelines and stats, leaves a history line and recomputes the thread', async () => {
    const w = world([aMember('m0', '2026-11-29T16:00:00.000Z')]);

    const result = await deleteMessage(w.deps, rt, admin, input());

    expect(result).toEqual({ messageId: 'm1', threadId: 't1', mode: 'crm', deletedAt: '2026-11-29T18:00:00.000Z', deletedBy: 'admin-1', threadDeleted: false, mailboxJobs: 0, notOnServer: 0 });
    expect(w.marks).toEqual([expect.objectContaining({
      mark: { byUserId: 'admin-1', at: '2026-11-29T18:00:00.000Z', mode: 'crm', messages: 1 },
      audit: expect.objectContaining({ entity: 'thread', entityId: 't1', action: 'delete', details: { mode: 'crm', messages: 1, messageId: 'm1' } }),
      after: expect.objectContaining({ lastMessageAt: '2026-11-29T16:00:00.000Z', messageCount: 1, lastSnippet: 'snippet of m0' }),
    })]);
    expect(w.removed).toEqual(['m1']);
    expect(w.events).toEqual([expect.objectContaining({ eventId: 'msg#m1#deleted', event: { kind: 'interaction', at: '2026-11-29T17:00:00.000Z', delta: -1 } })]);
    expect(w.history).toEqual([{ threadId: 't1', at: '2026-11-29T18:00:00.000Z', byUserId: 'admin-1', mode: 'crm', messages: 1, subject: 'Re: Order 12' }]);
    expect(w.threadMarks).toEqual([]);
  });

  it('refuses staff who are not the assignee and a stale version, writing nothing', async () => {
    const w = world([aMember('m0', '2026-11-29T16:00:00.000Z')]);

    await expect(deleteMessage(w.deps, rt, staff('staff-2'), input({ thread: aThread({ assigneeId: 'staff-1' }) }))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deleteMessage(w.deps, rt, staff('staff-1'), input({ thread: aThread({ assigneeId: 'staff-1' }), expected: 2 }))).rejects.toBeInstanceOf(VersionMismatchError);

    expect([w.marks, w.removed, w.history]).toEqual([[], [], []]);
  });

  it('recomputes against the thread as it is now when mail arrived between the read and the write', async () => {
    const w = world([aMember('m0', '2026-11-29T16:00:00.000Z')], [new ThreadMovedError({ lastMessageAt: '2026-11-29T17:30:00.000Z', messageCount: 3 })]);

    await deleteMessage(w.deps, rt, admin, input());

    expect(w.marks.map((m) => m.seen)).toEqual([{ lastMessageAt: '2026-11-29T17:30:00.000Z', messageCount: 3 }]);
  });

  it('queues a mailbox job for the one message, and counts an SMS as not on any server', async () => {
    const w = world([aMember('m0', '2026-11-29T16:00:00.000Z')]);

    const mail = await deleteMessage(w.deps, rt, admin, input({ mode: 'mailbox' }));
    const sms = await deleteMessage(w.deps, rt, admin, input({ mode: 'mailbox', message: aMessage('m2', { channel: 'sms', messageId: 'provider-1', mailboxId: '' }) }));

    expect([mail.mailboxJobs, mail.notOnServer, sms.mailboxJobs, sms.notOnServer]).toEqual([1, 0, 0, 1]);
    expect(w.jobs).toEqual([expect.objectContaining({ action: 'delete-mail', mailboxId: 'mb-1', threadId: 't1', messageIds: ['m1@northwind.example'], ids: ['m1'] })]);
  });

  it('deletes the thread when the message is its last one', async () => {
    const w = world([]);

    const result = await deleteMessage(w.deps, rt, admin, input({ thread: aThread({ messageIds: ['m1'], messageCount: 1 }) }));

    expect(result).toMatchObject({ messageId: 'm1', threadId: 't1', threadDeleted: true, mode: 'crm' });
    expect(w.threadMarks).toEqual([{ byUserId: 'admin-1', at: '2026-11-29T18:00:00.000Z', mode: 'crm', messages: 1 }]);
    expect(w.marks).toEqual([]);
  });

  it('answers a replay of the same key by the same user as the first time, and is 404 to any other request on a deleted message', async () => {
    const w = world([aMember('m0', '2026-11-29T16:00:00.000Z')]);
    const deletion: DeletionMark = { byUserId: 'admin-1', at: '2026-11-29T17:30:00.000Z', mode: 'crm', messages: 1, idempotencyKey: 'k1' };
    const message = { ...aMessage('m1'), deletion };

    const replay = await deleteMessage(w.deps, rt, admin, input({ message, idempotencyKey: 'k1', expected: 4 }));

    expect(replay).toMatchObject({ deletedAt: '2026-11-29T17:30:00.000Z', threadDeleted: false });
    expect(w.marks).toEqual([]);
    await expect(deleteMessage(w.deps, rt, admin, input({ message, idempotencyKey: 'k2' }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteMessage(w.deps, rt, admin, input({ message }))).rejects.toBeInstanceOf(NotFoundError);
  });
});
