import type { Log } from '../../observability/logger.js';
import { auditOf, type AuditEntry, type Runtime } from '../audit/audit-entry.js';
import { decideServerReadState, type ObservedSeen, type ThreadReadState } from '../inbox/server-read-state.js';
import { messageIdentity } from '../mail/message-identity.js';
import type { FlagChange, MailboxSession } from '../mailbox/ports.js';

/** The stored side of read state coming from the mail server. */
export interface ServerReadRepo {
  /** Thread of each stored message, by identity (missing ones absent). */
  threadIdsOf(spaceId: string, ids: readonly string[]): Promise<Map<string, string>>;
  readStateOf(spaceId: string, threadId: string): Promise<ThreadReadState | undefined>;
  /**
   * Sets the thread's read state with its audit row, only while its version and read state are
   * still `expected` (a staff change or new mail in between wins); false when they were not.
   */
  applyServerRead(spaceId: string, threadId: string, unread: boolean, expected: Pick<ThreadReadState, 'version' | 'unread'>, audit: AuditEntry): Promise<boolean>;
}

export interface SyncReadStateDeps {
  readonly readState: ServerReadRepo;
  readonly rt: Runtime;
  readonly log: Log;
}

export interface SyncReadStateInput {
  readonly spaceId: string;
  readonly mailboxId: string;
  readonly folder: string;
  readonly correlationId: string;
  readonly session: Pick<MailboxSession, 'storeSeen'>;
  /** What the server reported: CHANGEDSINCE results, or the recent window without CONDSTORE. */
  readonly flags: readonly FlagChange[];
  /** When the previous sync of this folder read the server's state (ISO). */
  readonly previousCheckAt?: string;
}

/** Most threads one sync reconciles; more flag changes than this wait for the next change of theirs. */
export const MAX_READ_THREADS = 200;

/**
 * Brings read state the mail client changed into the CRM: resolves the reported mail to threads,
 * lets the newer change win (decideServerReadState), writes each applied change with an audit row
 * by `mail-client`, and puts a newer CRM mark back on the server so both sides agree.
 */
export async function syncReadState(deps: SyncReadStateDeps, input: SyncReadStateInput): Promise<{ applied: number; restored: number }> {
  const { spaceId } = input;
  const withId = input.flags.filter((f): f is FlagChange & { messageId: string } => f.messageId !== undefined);
  if (withId.length === 0) return { applied: 0, restored: 0 };
  const identities = new Map(withId.map((f) => [messageIdentity(spaceId, { messageId: f.messageId }), f]));
  const threadIds = await deps.readState.threadIdsOf(spaceId, [...identities.keys()]);
  const observed: ObservedSeen[] = [...threadIds].map(([id, threadId]) => ({ id, threadId, uid: identities.get(id)!.uid, seen: identities.get(id)!.flags.includes('\\Seen') }));
  const threads = (await Promise.all([...new Set(threadIds.values())].slice(0, MAX_READ_THREADS).map((t) => deps.readState.readStateOf(spaceId, t))))
    .filter((t): t is ThreadReadState => t !== undefined);
  let applied = 0;
  let restored = 0;
  for (const decision of decideServerReadState(observed, threads, input.previousCheckAt)) {
    if (decision.kind === 'keep-crm') {
      await input.session.storeSeen(input.folder, decision.uids, decision.seen);
      restored++;
      continue;
    }
    const actor = { spaceId, userId: 'mail-client', requestId: input.correlationId };
    const audit = auditOf(deps.rt, actor, 'thread', decision.threadId, decision.unread ? 'marked-unread' : 'marked-read', {
      changes: { unread: { old: decision.expected.unread, new: decision.unread } }, details: { via: 'mail-client', mailboxId: input.mailboxId, folder: input.folder },
    });
    if (await deps.readState.applyServerRead(spaceId, decision.threadId, decision.unread, decision.expected, audit)) applied++;
  }
  if (applied + restored > 0) deps.log.info('read state taken from the mail server', { spaceId, mailboxId: input.mailboxId, applied, restored, correlationId: input.correlationId });
  return { applied, restored };
}
