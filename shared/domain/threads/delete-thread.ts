import { auditOf, type Actor, type AuditEntry, type Runtime } from '../audit/audit-entry.js';
import type { CustomerEventRecord } from '../customers/record-customer-event.js';
import { ForbiddenError, NotFoundError, VersionMismatchError } from '../errors.js';
import type { InboxThread } from '../inbox/inbox-thread.js';
import type { DeleteMailJob } from './pipeline-jobs.js';
import type { MessageRecord } from './ports.js';

/** `crm`: hidden in the CRM only; `mailbox`: also deleted from the mail server, then removed from the CRM. */
export type DeleteMode = 'crm' | 'mailbox';

/** What the thread item keeps of its deletion: who, when, how, and the request's key for a replay. */
export interface DeletionMark {
  readonly byUserId: string;
  readonly at: string;
  readonly mode: DeleteMode;
  readonly messages: number;
  readonly idempotencyKey?: string;
}

export type DeletedThread = InboxThread & { readonly deletion?: DeletionMark };
export type Owner = { readonly kind: 'contact' | 'company'; readonly id: string };

/** The line a deletion leaves on each linked contact's and company's timeline ("mail deleted by X on …"). */
export interface DeletionHistory {
  readonly threadId: string;
  readonly at: string;
  readonly byUserId: string;
  readonly mode: DeleteMode;
  readonly messages: number;
  /** Left out when the thread was private or restricted: the line is shown to every staff member. */
  readonly subject?: string;
}

export interface DeleteThreadDeps {
  readonly messages: { findMessage(spaceId: string, id: string): Promise<MessageRecord | undefined> };
  /** Marks the thread deleted and writes the audit row in one transaction, only at version `expected`. @throws VersionMismatchError */
  readonly markDeleted: (spaceId: string, threadId: string, expected: number, mark: DeletionMark, audit: AuditEntry) => Promise<void>;
  /** Takes a message off its owners' timelines and the address index (idempotent). */
  readonly removeLines: (record: MessageRecord) => Promise<void>;
  /** Puts the history line on each owner's timeline (idempotent: keyed by thread and time). */
  readonly putHistory: (spaceId: string, owners: readonly Owner[], line: DeletionHistory) => Promise<void>;
  readonly record: (r: CustomerEventRecord | undefined) => Promise<void>;
  readonly queueDelete: (job: DeleteMailJob) => Promise<void>;
}

export interface DeleteThreadInput {
  /** The thread as read (consistently), deleted or not. */
  readonly thread: DeletedThread;
  readonly messageIds: readonly string[];
  /** Messages deleted one by one before (still on the server in `crm` mode): a `mailbox` delete removes them too. */
  readonly deletedMessageIds?: readonly string[];
  readonly expected: number;
  readonly mode: DeleteMode;
  readonly idempotencyKey?: string;
}

export interface DeleteThreadResult {
  readonly threadId: string;
  readonly mode: DeleteMode;
  readonly deletedAt: string;
  readonly deletedBy: string;
  readonly messages: number;
  /** Mailbox jobs queued (mode `mailbox`); mail without a Message-ID cannot be found on a server and stays hidden in the CRM. */
  readonly mailboxJobs: number;
  /** Messages without a real Message-ID: hidden in the CRM, left on the server. */
  readonly notOnServer: number;
}

/** Most Message-IDs one mailbox job carries (a thread with more gets several jobs). */
export const DELETE_JOB_MESSAGES = 50;

/** Admins and the thread's assignee delete it: a staff member cannot remove a colleague's conversation. */
export const canDeleteThread = (thread: Pick<InboxThread, 'assigneeId'>, actor: { userId: string; role: 'admin' | 'staff' }): boolean =>
  actor.role === 'admin' || thread.assigneeId === actor.userId;

const realMessageId = (m: Pick<MessageRecord, 'messageId'>) => !m.messageId.startsWith('sha256:') && !/[\s<>]/.test(m.messageId);

/**
 * Deletes a thread: marks it deleted (it leaves the inbox, its counts and search, and every read
 * route answers 404) with one `delete` audit row, conditioned on the version read; then takes its
 * mail off the customers' timelines and interaction stats, leaves a history line on each linked
 * contact and company, and in `mailbox` mode queues the server-side delete per mailbox (the sync
 * function runs it and then removes the CRM items). Everything after the mark is idempotent, so
 * a retry with the same Idempotency-Key by the same user finishes a delete a crash interrupted and
 * answers as the first request did.
 * @throws NotFoundError for a thread deleted before (unless this is a replay)
 * @throws ForbiddenError for staff who are not the assignee
 * @throws VersionMismatchError when `expected` is not the thread's version
 */
export async function deleteThread(deps: DeleteThreadDeps, rt: Runtime, actor: Actor & { role: 'admin' | 'staff' }, input: DeleteThreadInput): Promise<DeleteThreadResult> {
  const { thread } = input;
  const replay = thread.deletion;
  if (replay && !(input.idempotencyKey !== undefined && replay.idempotencyKey === input.idempotencyKey && replay.byUserId === actor.userId && replay.mode === input.mode)) {
    throw new NotFoundError('thread', thread.id);
  }
  let mark = replay;
  if (!mark) {
    if (!canDeleteThread(thread, actor)) throw new ForbiddenError('Only admins and the thread\'s assignee delete it');
    if (thread.version !== input.expected) throw new VersionMismatchError(thread.version);
    mark = { byUserId: actor.userId, at: rt.now().toISOString(), mode: input.mode, messages: input.messageIds.length, ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}) };
    await deps.markDeleted(actor.spaceId, thread.id, input.expected, mark,
      auditOf(rt, actor, 'thread', thread.id, 'delete', { details: { mode: input.mode, messages: mark.messages } }));
  }
  const records = (await Promise.all(input.messageIds.map((id) => deps.messages.findMessage(actor.spaceId, id)))).filter((m): m is MessageRecord => m !== undefined);
  const owners = new Map<string, Owner>();
  for (const m of records) {
    const mine = [...m.contactIds.map((id) => ({ kind: 'contact' as const, id })), ...m.companyIds.map((id) => ({ kind: 'company' as const, id }))];
    mine.forEach((o) => owners.set(`${o.kind}#${o.id}`, o));
    await deps.removeLines(m);
    // A thread the blocklist hid has left the stats already; each mail leaves once under a name of its own.
    if (!thread.hidden && !m.automated && mine.length > 0) {
      await deps.record({ spaceId: actor.spaceId, eventId: `msg#${m.id}#deleted`, owners: mine, event: { kind: 'interaction', at: m.date, delta: -1 }, space: true });
    }
  }
  thread.contactIds.forEach((id) => owners.set(`contact#${id}`, { kind: 'contact', id }));
  thread.companyIds.forEach((id) => owners.set(`company#${id}`, { kind: 'company', id }));
  const shareable = !thread.restricted && (thread.privacy === undefined || thread.privacy === 'everything');
  await deps.putHistory(actor.spaceId, [...owners.values()], {
    threadId: thread.id, at: mark.at, byUserId: mark.byUserId, mode: mark.mode, messages: mark.messages, ...(shareable ? { subject: thread.subject } : {}),
  });
  const earlier = mark.mode === 'mailbox' ? await Promise.all((input.deletedMessageIds ?? []).map((id) => deps.messages.findMessage(actor.spaceId, id))) : [];
  const onServer = [...records, ...earlier.filter((m): m is MessageRecord => m !== undefined)].filter(realMessageId);
  const jobs = mark.mode === 'mailbox' ? planDeleteJobs(actor, thread.id, mark.at, onServer) : [];
  for (const job of jobs) await deps.queueDelete(job);
  return {
    threadId: thread.id, mode: mark.mode, deletedAt: mark.at, deletedBy: mark.byUserId, messages: mark.messages,
    mailboxJobs: jobs.length, notOnServer: mark.mode === 'mailbox' ? records.filter((m) => !realMessageId(m)).length : 0,
  };
}

/** One job per mailbox and DELETE_JOB_MESSAGES messages: the Message-IDs to find on the server and the CRM ids to remove after. */
export function planDeleteJobs(actor: Actor, threadId: string, deletedAt: string, records: readonly MessageRecord[]): DeleteMailJob[] {
  const byMailbox = new Map<string, MessageRecord[]>();
  for (const m of records) byMailbox.set(m.mailboxId, [...(byMailbox.get(m.mailboxId) ?? []), m]);
  const jobs: DeleteMailJob[] = [];
  for (const [mailboxId, list] of byMailbox) {
    for (let i = 0; i < list.length; i += DELETE_JOB_MESSAGES) {
      const part = list.slice(i, i + DELETE_JOB_MESSAGES);
      jobs.push({
        v: 1, correlationId: actor.requestId, spaceId: actor.spaceId, action: 'delete-mail', mailboxId, threadId, deletedAt, byUserId: actor.userId,
        messageIds: part.map((m) => m.messageId), ids: part.map((m) => m.id),
      });
    }
  }
  return jobs;
}
