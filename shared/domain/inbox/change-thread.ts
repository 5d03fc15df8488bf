import { auditOf, type Actor, type AuditEntry, type Runtime } from '../audit/audit-entry.js';
import { NotFoundError, VersionMismatchError } from '../errors.js';
import type { InboxThread } from './inbox-thread.js';

/** What staff change on a thread; fields left out stay as they are. */
export interface ThreadChange {
  /** A user id, or null to unassign. */
  readonly assigneeId?: string | null;
  readonly status?: 'open' | 'completed';
  readonly unread?: boolean;
  /** Visible to the assignee and admins only. */
  readonly restricted?: boolean;
}

export type ThreadAction = 'assigned' | 'unassigned' | 'completed' | 'reopened' | 'marked-read' | 'marked-unread' | 'restricted' | 'unrestricted';

/** The attributes to write and one audit row per action, before → after. */
export interface ThreadChangePlan {
  readonly set: Readonly<Record<string, unknown>>;
  readonly remove: readonly string[];
  readonly audits: readonly AuditEntry[];
}

/** Whether a caller sees a thread: restricted ones only their assignee and admins. */
export const canSeeThread = (t: Pick<InboxThread, 'restricted' | 'assigneeId'>, userId: string, role: 'admin' | 'staff'): boolean =>
  !t.restricted || role === 'admin' || t.assigneeId === userId;

/**
 * Plans one staff change against the thread as read: checks visibility and the expected version,
 * and names each action that really changes something (a no-op change writes nothing).
 * @throws NotFoundError when the caller may not see the thread
 * @throws VersionMismatchError when `expected` is not the thread's version
 */
export function planThreadChange(rt: Runtime, actor: Actor & { role: 'admin' | 'staff' }, thread: InboxThread, expected: number, change: ThreadChange): ThreadChangePlan {
  if (!canSeeThread(thread, actor.userId, actor.role)) throw new NotFoundError('thread', thread.id);
  if (thread.version !== expected) throw new VersionMismatchError(thread.version);
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  const audits: AuditEntry[] = [];
  const audit = (action: ThreadAction, field: string, old: unknown, next: unknown) =>
    audits.push(auditOf(rt, actor, 'thread', thread.id, action, { changes: { [field]: { old: old ?? null, new: next ?? null } } }));

  if (change.assigneeId !== undefined && change.assigneeId !== (thread.assigneeId ?? null)) {
    if (change.assigneeId === null) remove.push('assigneeId'); else set.assigneeId = change.assigneeId;
    audit(change.assigneeId === null ? 'unassigned' : 'assigned', 'assigneeId', thread.assigneeId, change.assigneeId);
  }
  if (change.status !== undefined && change.status !== thread.status) {
    set.status = change.status;
    audit(change.status === 'completed' ? 'completed' : 'reopened', 'status', thread.status, change.status);
  }
  if (change.unread !== undefined && change.unread !== thread.unread) {
    set.unread = change.unread;
    // The read rule against the mail client compares this time with the previous sync (server-read-state.ts).
    set.readChangedAt = rt.now().toISOString();
    audit(change.unread ? 'marked-unread' : 'marked-read', 'unread', thread.unread, change.unread);
  }
  if (change.restricted !== undefined && change.restricted !== Boolean(thread.restricted)) {
    set.restricted = change.restricted;
    audit(change.restricted ? 'restricted' : 'unrestricted', 'restricted', Boolean(thread.restricted), change.restricted);
  }
  return { set, remove, audits };
}
