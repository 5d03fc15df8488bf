import { auditOf, type Actor, type AuditEntry, type Runtime } from '../audit/audit-entry.js';
import type { MergeRequest as MergeBody } from '../contacts/merge-records.js';
import type { MergeResult } from '../contacts/merge-ports.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';

export const MERGE_REQUEST_STATUSES = ['pending', 'merged', 'cancelled'] as const;
export type MergeRequestStatus = (typeof MERGE_REQUEST_STATUSES)[number];

/** A merge a staff member proposes and an admin confirms (which runs the merge) or anyone involved cancels. */
export interface MergeRequest {
  readonly spaceId: string;
  readonly id: string;
  readonly entity: 'contact' | 'company';
  readonly masterId: string;
  readonly mergedIds: readonly string[];
  readonly fields?: Readonly<Record<string, string>>;
  readonly note?: string;
  readonly status: MergeRequestStatus;
  /** What the preview said would move when it was proposed. */
  readonly preview: Readonly<Record<string, number>>;
  readonly proposedBy: string;
  readonly createdAt: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly result?: MergeResult;
}

export interface MergeRequestStore {
  get(spaceId: string, id: string): Promise<MergeRequest | undefined>;
  create(r: MergeRequest, audit: AuditEntry): Promise<void>;
  /** pending → merged | cancelled; false when it was not pending any more. */
  decide(r: MergeRequest, to: 'merged' | 'cancelled', fields: Pick<MergeRequest, 'decidedBy' | 'decidedAt' | 'result'>, audit: AuditEntry): Promise<boolean>;
}

export interface MergeRequestDeps {
  readonly requests: MergeRequestStore;
  /** The existing merge (merge-records.ts) for the entity: preview or confirm. */
  readonly merge: (entity: 'contact' | 'company', actor: Actor, body: MergeBody) => Promise<MergeResult>;
  readonly rt: Runtime;
}

/** Whoever is acting, with their role. */
export type Caller = Actor & { readonly role: 'admin' | 'staff' };

async function load(deps: MergeRequestDeps, spaceId: string, id: string): Promise<MergeRequest> {
  const r = await deps.requests.get(spaceId, id);
  if (!r) throw new NotFoundError('merge-request', id);
  return r;
}

/** Proposes a merge; its preview runs now, so a request that could never merge is refused at once. @throws as a merge preview */
export async function proposeMerge(deps: MergeRequestDeps, actor: Caller, input: { entity: 'contact' | 'company'; masterId: string; mergedIds: string[]; fields?: Record<string, string>; note?: string }): Promise<MergeRequest> {
  const preview = await deps.merge(input.entity, actor, { masterId: input.masterId, mergedIds: input.mergedIds, fields: input.fields, preview: true });
  const r: MergeRequest = {
    spaceId: actor.spaceId, id: deps.rt.newId(), entity: input.entity, masterId: input.masterId, mergedIds: [...new Set(input.mergedIds)],
    ...(input.fields ? { fields: input.fields } : {}), ...(input.note ? { note: input.note } : {}),
    status: 'pending', preview: preview.moved, proposedBy: actor.userId, createdAt: deps.rt.now().toISOString(),
  };
  await deps.requests.create(r, auditOf(deps.rt, actor, 'merge-request', r.id, 'create', { details: { entity: r.entity, masterId: r.masterId, mergedIds: r.mergedIds } }));
  return r;
}

/**
 * An admin confirms: the merge runs (resumable, as POST /contacts/merge), then the request is
 * marked merged with the result. A merge that fails leaves the request pending.
 * @throws NotFoundError, ForbiddenError, ConflictError (not pending), and what the merge throws
 */
export async function confirmMergeRequest(deps: MergeRequestDeps, actor: Caller, id: string): Promise<MergeRequest> {
  if (actor.role !== 'admin') throw new ForbiddenError('Only an admin confirms a merge');
  const r = await load(deps, actor.spaceId, id);
  if (r.status !== 'pending') {
    if (r.status === 'merged') return r;
    throw new ConflictError('The merge request was cancelled', { status: r.status });
  }
  const result = await deps.merge(r.entity, actor, { masterId: r.masterId, mergedIds: r.mergedIds, fields: r.fields, preview: false });
  const decided = { decidedBy: actor.userId, decidedAt: deps.rt.now().toISOString(), result };
  await deps.requests.decide(r, 'merged', decided, auditOf(deps.rt, actor, 'merge-request', r.id, 'merge', { details: { masterId: r.masterId, mergedIds: r.mergedIds } }));
  return load(deps, actor.spaceId, id);
}

/** The proposer or an admin withdraws a pending request. @throws NotFoundError, ForbiddenError, ConflictError */
export async function cancelMergeRequest(deps: MergeRequestDeps, actor: Caller, id: string): Promise<MergeRequest> {
  const r = await load(deps, actor.spaceId, id);
  if (actor.role !== 'admin' && r.proposedBy !== actor.userId) throw new ForbiddenError('Only the proposer or an admin cancels a merge request');
  if (r.status === 'cancelled') return r;
  const decided = { decidedBy: actor.userId, decidedAt: deps.rt.now().toISOString() };
  if (r.status !== 'pending' || !(await deps.requests.decide(r, 'cancelled', decided, auditOf(deps.rt, actor, 'merge-request', r.id, 'update', { changes: { status: { old: 'pending', new: 'cancelled' } } })))) {
    throw new ConflictError('The merge request is merged already', { status: 'merged' });
  }
  return load(deps, actor.spaceId, id);
}

export const toMergeRequestView = (r: MergeRequest) => ({
  id: r.id, entity: r.entity, masterId: r.masterId, mergedIds: r.mergedIds, fields: r.fields ?? {}, note: r.note ?? null, status: r.status,
  preview: r.preview, proposedBy: r.proposedBy, createdAt: r.createdAt, decidedBy: r.decidedBy ?? null, decidedAt: r.decidedAt ?? null, result: r.result ?? null,
});
