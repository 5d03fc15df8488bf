import { checkLinks } from '../activities/check-links.js';
import type { WorkspaceLookup } from '../activities/ports.js';
import { auditOf, diffFields, type Actor, type Runtime } from '../audit/audit-entry.js';
import { NotFoundError, ValidationError, VersionMismatchError } from '../errors.js';
import type { CurrencyCode } from '../money/currencies.js';
import { OPPORTUNITY_AUDITED, type Opportunity, type Stage, type StageConfig } from './opportunity.js';
import type { OpportunityStore } from './ports.js';
import { checkStages, stageOf } from './stages.js';

export interface OpportunityDeps {
  readonly opportunities: OpportunityStore;
  readonly lookup: WorkspaceLookup;
  readonly rt: Runtime;
}

export interface OpportunityFields {
  name: string;
  companyId: string;
  amount: number;
  currency: CurrencyCode;
  stageId: string;
  expectedCloseDate?: string;
  ownerId: string;
  contactIds: string[];
  threadIds: string[];
  orderIds: string[];
}

type Patch = { [K in keyof OpportunityFields]?: OpportunityFields[K] | null };

/** @throws NotFoundError (same for another Space's id) */
export async function loadOpportunity(deps: Pick<OpportunityDeps, 'opportunities'>, spaceId: string, id: string): Promise<Opportunity> {
  const found = await deps.opportunities.getOpportunity(spaceId, id);
  if (!found) throw new NotFoundError('opportunity', id);
  return found;
}

async function checked(deps: OpportunityDeps, spaceId: string, f: OpportunityFields) {
  await checkLinks(deps.lookup, spaceId, {
    contactIds: f.contactIds, companyIds: [f.companyId], orderIds: f.orderIds, threadIds: f.threadIds, staff: [{ id: f.ownerId, pointer: 'ownerId' }],
  }).catch((err: unknown) => {
    // The single company is named by its own field, not as a list entry.
    if (err instanceof ValidationError) throw new ValidationError(err.errors.map((e) => (e.pointer === '#/companyIds/0' ? { ...e, pointer: '#/companyId' } : e)));
    throw err;
  });
  return { ...f, contactIds: [...new Set(f.contactIds)], threadIds: [...new Set(f.threadIds)], orderIds: [...new Set(f.orderIds)] };
}

/** The stage kind and close time a stage sets: entering won or lost closes the deal, leaving them reopens it. */
const stageFields = (stage: Stage, before: Pick<Opportunity, 'stageKind' | 'closedAt'> | undefined, now: string) => ({
  stageId: stage.id, stageKind: stage.kind,
  closedAt: stage.kind === 'open' ? undefined : before && before.stageKind === stage.kind ? before.closedAt : now,
});

/** Opens a deal with one company. @throws ValidationError */
export async function createOpportunity(deps: OpportunityDeps, actor: Actor, input: Omit<OpportunityFields, 'stageId'> & { stageId?: string }): Promise<Opportunity> {
  const stages = await deps.opportunities.getStages(actor.spaceId);
  const stage = stageOf(stages, input.stageId ?? stages.stages.find((s) => s.kind === 'open')!.id);
  const fields = await checked(deps, actor.spaceId, { ...input, stageId: stage.id });
  const now = deps.rt.now().toISOString();
  const o: Opportunity = {
    ...fields, ...stageFields(stage, undefined, now), spaceId: actor.spaceId, id: deps.rt.newId(), createdBy: actor.userId, createdAt: now, updatedAt: now, version: 1,
  };
  await deps.opportunities.createOpportunity(o, auditOf(deps.rt, actor, 'opportunity', o.id, 'create', { details: { stageId: o.stageId } }));
  return o;
}

/** Changes a deal under If-Match; a stage change is audited with its old and new stage. @throws NotFoundError, VersionMismatchError, ValidationError */
export async function changeOpportunity(deps: OpportunityDeps, actor: Actor, id: string, expectedVersion: number, patch: Patch): Promise<Opportunity> {
  const before = await loadOpportunity(deps, actor.spaceId, id);
  if (before.version !== expectedVersion) throw new VersionMismatchError(before.version);
  const draft: Record<string, unknown> = { ...before };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (v === null) delete draft[k];
    else draft[k] = v;
  }
  const fields = await checked(deps, actor.spaceId, draft as unknown as OpportunityFields);
  const now = deps.rt.now().toISOString();
  const stage = patch.stageId ? stageOf(await deps.opportunities.getStages(actor.spaceId), patch.stageId) : undefined;
  const after: Opportunity = {
    ...(draft as unknown as Opportunity), ...fields, ...(stage ? stageFields(stage, before, now) : {}), updatedAt: now, version: before.version + 1,
  };
  return save(deps, actor, before, after);
}

/** Writes a changed deal with an audit row listing what changed (nothing written when nothing did). */
export async function save(deps: Pick<OpportunityDeps, 'opportunities' | 'rt'>, actor: Actor, before: Opportunity, after: Opportunity): Promise<Opportunity> {
  const changes = diffFields(before, after, OPPORTUNITY_AUDITED);
  if (Object.keys(changes).length === 0) return before;
  const clean = Object.fromEntries(Object.entries(after).filter(([, v]) => v !== undefined)) as unknown as Opportunity;
  await deps.opportunities.replaceOpportunity(before, clean, auditOf(deps.rt, actor, 'opportunity', before.id, 'update', { changes }));
  return clean;
}

/** Saves the Space's pipeline (admin); a stage that still holds deals cannot be removed. @throws ValidationError, VersionMismatchError */
export async function saveStages(deps: Pick<OpportunityDeps, 'opportunities' | 'rt'>, actor: Actor, stages: readonly Stage[], expectedVersion: number): Promise<StageConfig> {
  const current = await deps.opportunities.getStages(actor.spaceId);
  if (current.version !== expectedVersion) throw new VersionMismatchError(current.version);
  const removed = current.stages.filter((s) => !stages.some((n) => n.id === s.id)).map((s) => s.id);
  const held = (await Promise.all(removed.map(async (id) => ((await deps.opportunities.stageInUse(actor.spaceId, id)) ? [id] : [])))).flat();
  checkStages(stages, held);
  return deps.opportunities.putStages(actor.spaceId, stages, expectedVersion,
    auditOf(deps.rt, actor, 'settings', 'opportunity-stages', 'update', { changes: { stages: { old: current.stages, new: stages } } }));
}
