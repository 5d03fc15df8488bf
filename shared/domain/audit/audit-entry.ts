import type { ThreadAction } from '../inbox/change-thread.js';
/** Who did what to which record, written in the same transaction as the change itself. */
export interface AuditEntry {
  readonly id: string;
  readonly spaceId: string;
  /** `contact`, `company`, `product`. */
  readonly entity: string;
  readonly entityId: string;
  readonly action: 'create' | 'update' | 'archive' | 'restore' | 'merge' | 'deactivate' | 'delete' | ThreadAction | 'linked' | 'unlinked'
    | 'hidden' | 'shown' | 'blocklist-applied' | 'mail-relinked' | 'opted-out' | 'opted-in' | 'rules-reapplied';
  readonly userId: string;
  readonly requestId: string;
  readonly at: string;
  /** Field-level changes, old → new. */
  readonly changes?: Readonly<Record<string, { readonly old: unknown; readonly new: unknown }>>;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Who is acting; every write use case takes one so audit rows say who and in which request. */
export interface Actor {
  readonly spaceId: string;
  readonly userId: string;
  readonly requestId: string;
}

/** Clock and id generator, injected so use cases stay deterministic under test. */
export interface Runtime {
  now(): Date;
  newId(): string;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Field-level diff of two records over the given fields; unchanged fields are left out. */
export function diffFields<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[]) {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const f of fields) {
    if (!same(before[f], after[f])) changes[f] = { old: before[f] ?? null, new: after[f] ?? null };
  }
  return changes;
}

/** Builds an audit row for one action by one actor. */
export function auditOf(rt: Runtime, actor: Actor, entity: string, entityId: string, action: AuditEntry['action'],
  extra: Pick<AuditEntry, 'changes' | 'details'> = {}): AuditEntry {
  return { id: rt.newId(), spaceId: actor.spaceId, entity, entityId, action, userId: actor.userId,
    requestId: actor.requestId, at: rt.now().toISOString(), ...extra };
}
