import { auditOf, type Actor, type AuditEntry, type Runtime } from '../audit/audit-entry.js';
import { ForbiddenError, NotFoundError, VersionMismatchError } from '../errors.js';
import {
  canDeleteThread, deleteThread, planDeleteJobs, type DeletedThread, type DeleteMode, type DeleteThreadDeps, type DeletionMark, type Owner,
} from './delete-thread.js';
import type { MessageRecord, ThreadMessage } from './ports.js';

/** A message as read for a delete, with its deletion mark when deleted already. */
export type DeletableMessage = MessageRecord;

/** The thread's summary once a message left it, recomputed from the messages that remain. */
export interface ThreadAfterRemoval {
  readonly lastMessageAt: string;
  readonly lastSnippet: string;
  readonly lastSender: { readonly address: string; readonly name?: string };
  readonly lastDirection: 'inbound' | 'outbound';
  readonly messageCount: number;
  readonly participants: readonly string[];
}

export interface DeleteMessageDeps extends DeleteThreadDeps {
  /** The thread's messages but `exceptId`, oldest first (thread-member items). */
  readonly remainingMessages: (spaceId: string, threadId: string, exceptId: string) => Promise<ThreadMessage[]>;
  /**
   * Marks the message deleted, takes it out of its thread (summary `after`) and writes the audit row
   * in one transaction, while the thread is at version `expected` and still as read (`seen`).
   * @throws VersionMismatchError when staff changed the thread; ThreadMovedError when mail arrived meanwhile
   */
  readonly markMessageDeleted: (m: MessageRecord, expected: number, seen: { lastMessageAt: string; messageCount: number }, after: ThreadAfterRemoval, mark: DeletionMark, audit: AuditEntry) => Promise<void>;
}

export interface DeleteMessageInput {
  readonly message: DeletableMessage;
  /** The message's thread as read (consistently), deleted or not, with its live message ids. */
  readonly thread: DeletedThread & { readonly messageIds: readonly string[]; readonly deletedMessageIds?: readonly string[] };
  readonly expected: number;
  readonly mode: DeleteMode;
  readonly idempotencyKey?: string;
}

export interface DeleteMessageResult {
  readonly messageId: string;
  readonly threadId: string;
  readonly mode: DeleteMode;
  readonly deletedAt: string;
  readonly deletedBy: string;
  /** True when it was the thread's last message: the thread was deleted as DELETE /threads/{id} does. */
  readonly threadDeleted: boolean;
  readonly mailboxJobs: number;
  readonly notOnServer: number;
}

/** Mail arrived in the thread between the read and the write: recompute against what it holds now. */
export class ThreadMovedError extends Error {
  constructor(readonly now: { readonly lastMessageAt: string; readonly messageCount: number }) { super('thread moved'); }
}

const MAX_ATTEMPTS = 5;
const realMessageId = (m: MessageRecord) => m.channel !== 'sms' && !m.messageId.startsWith('sha256:') && !/[\s<>]/.test(m.messageId);

/**
 * The thread's newest message, count and participants once some messages left: participants stay
 * those a remaining message still names (the thread's list leaves out the mailbox's own addresses).
 */
export function threadAfterRemoval(participants: readonly string[], remaining: readonly ThreadMessage[]): ThreadAfterRemoval {
  const newest = remaining.reduce((a, b) => (b.date >= a.date ? b : a));
  const named = new Set(remaining.flatMap((m) => [m.from, ...m.to, ...m.cc].map((a) => a.address.toLowerCase())));
  return {
    lastMessageAt: newest.date, lastSnippet: newest.snippet, lastDirection: newest.direction,
    lastSender: { address: newest.from.address, ...(newest.from.name ? { name: newest.from.name } : {}) },
    messageCount: remaining.length, participants: participants.filter((p) => named.has(p)),
  };
}

/**
 * Deletes one message as a thread delete does (same roles, version, key, history line and
 * mailbox job), leaving the rest of its thread visible with a summary recomputed from the
 * remaining messages; the thread's last message deletes the thread.
 * @throws NotFoundError for a message deleted before (unless this is a replay)
 * @throws ForbiddenError for staff who are not the thread's assignee
 * @throws VersionMismatchError when `expected` is not the thread's version
 */
export async function deleteMessage(deps: DeleteMessageDeps, rt: Runtime, actor: Actor & { role: 'admin' | 'staff' }, input: DeleteMessageInput): Promise<DeleteMessageResult> {
  const { message, thread } = input;
  const isReplay = (mark: DeletionMark | undefined) => mark !== undefined && input.idempotencyKey !== undefined
    && mark.idempotencyKey === input.idempotencyKey && mark.byUserId === actor.userId && mark.mode === input.mode;
  if ((message.deletion && !isReplay(message.deletion)) || (!message.deletion && thread.deletion && !isReplay(thread.deletion))) {
    throw new NotFoundError('message', message.id);
  }
  const last = !message.deletion && (thread.deletion !== undefined || thread.messageIds.every((id) => id === message.id));
  if (last) {
    const { messages: _count, ...done } = await deleteThread(deps, rt, actor, { thread, messageIds: thread.messageIds, deletedMessageIds: thread.deletedMessageIds ?? [], expected: input.expected, mode: input.mode, ...key(input) });
    return { messageId: message.id, ...done, threadDeleted: true };
  }
  let mark = message.deletion;
  let seen = { lastMessageAt: thread.lastMessageAt, messageCount: thread.messageCount };
  for (let attempt = 1; !mark; attempt++) {
    if (!canDeleteThread(thread, actor)) throw new ForbiddenError('Only admins and the thread\'s assignee delete its mail');
    if (thread.version !== input.expected) throw new VersionMismatchError(thread.version);
    const remaining = await deps.remainingMessages(actor.spaceId, thread.id, message.id);
    if (remaining.length === 0) throw new VersionMismatchError(thread.version);
    const next: DeletionMark = { byUserId: actor.userId, at: rt.now().toISOString(), mode: input.mode, messages: 1, ...key(input) };
    try {
      await deps.markMessageDeleted(message, input.expected, seen,
        threadAfterRemoval(thread.participants, remaining), next,
        auditOf(rt, actor, 'thread', thread.id, 'delete', { details: { mode: input.mode, messages: 1, messageId: message.id } }));
      mark = next;
    } catch (error) {
      if (!(error instanceof ThreadMovedError) || attempt >= MAX_ATTEMPTS) throw error;
      seen = error.now;
    }
  }
  const owners: Owner[] = [...message.contactIds.map((id) => ({ kind: 'contact' as const, id })), ...message.companyIds.map((id) => ({ kind: 'company' as const, id }))];
  await deps.removeLines(message);
  if (!thread.hidden && !message.automated && owners.length > 0) {
    await deps.record({ spaceId: actor.spaceId, eventId: `msg#${message.id}#deleted`, owners, event: { kind: 'interaction', at: message.date, delta: -1 }, space: true });
  }
  const shareable = !thread.restricted && (thread.privacy === undefined || thread.privacy === 'everything');
  await deps.putHistory(actor.spaceId, owners, {
    threadId: thread.id, at: mark.at, byUserId: mark.byUserId, mode: mark.mode, messages: 1, ...(shareable ? { subject: message.subject } : {}),
  });
  const onServer = realMessageId(message);
  const jobs = mark.mode === 'mailbox' && onServer ? planDeleteJobs(actor, thread.id, mark.at, [message]) : [];
  for (const job of jobs) await deps.queueDelete(job);
  return {
    messageId: message.id, threadId: thread.id, mode: mark.mode, deletedAt: mark.at, deletedBy: mark.byUserId, threadDeleted: false,
    mailboxJobs: jobs.length, notOnServer: mark.mode === 'mailbox' && !onServer ? 1 : 0,
  };
}

const key = (input: DeleteMessageInput) => (input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {});
