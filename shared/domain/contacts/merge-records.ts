import { createHash } from 'node:crypto';
import { auditOf, type Actor } from '../audit/audit-entry.js';
import { ConflictError, NotFoundError, ValidationError, VersionMismatchError } from '../errors.js';
import { MergedRecordError } from './contact-errors.js';
import { assertUnclaimed, CLAIM_TTL_MS, withoutClaim } from './merge-claim.js';
import type { Mergeable, MergeDeps, MergeJob, MergeResult } from './merge-ports.js';

export interface MergeRequest {
  readonly masterId: string;
  readonly mergedIds: readonly string[];
  readonly fields?: Readonly<Record<string, string>> | undefined;
  readonly preview: boolean;
}

const MAX_ACTIONS = 100;
/** Claim and commit reload and try again when a record changed in between, this often. */
const ATTEMPTS = 3;
const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

/** The job of a merge: the same master and merged set (in any order) always name the same job. */
export const mergeJobId = (entity: string, masterId: string, mergedIds: readonly string[]): string =>
  hash([entity, masterId, [...new Set(mergedIds)].sort()]);

interface Loaded<T> { readonly master: T; readonly others: T[] }

/** Loads the records and refuses merged or otherwise claimed ones. */
async function loadRecords<T extends Mergeable>(deps: MergeDeps<T>, spaceId: string, entity: string, req: MergeRequest, mergedIds: readonly string[], jobId: string): Promise<Loaded<T>> {
  const master = await deps.target.load(spaceId, req.masterId);
  const merged = await Promise.all(mergedIds.map((id) => deps.target.load(spaceId, id)));
  if (!master || merged.some((m) => !m)) throw new NotFoundError(entity);
  const others = merged as T[];
  if (master.mergedInto) throw new MergedRecordError(entity, master.mergedInto);
  const foreign = others.find((m) => m.mergedInto && m.mergedInto !== master.id);
  if (foreign?.mergedInto) throw new MergedRecordError(entity, foreign.mergedInto);
  const now = deps.rt.now();
  for (const r of [master, ...others]) if (!r.mergedInto) assertUnclaimed(r, entity, now, jobId);
  return { master, others };
}

/** Records of this merge not merged yet: the master and the merged ids still live. */
const pendingOf = <T extends Mergeable>({ master, others }: Loaded<T>): T[] => [master, ...others.filter((m) => !m.mergedInto)];

/**
 * Claims every pending record for the job before anything moves, so of two overlapping merges
 * one claims and the other changes nothing. A rerun of the same job finds its claim and resumes.
 */
async function claimRecords<T extends Mergeable>(deps: MergeDeps<T>, spaceId: string, entity: string, req: MergeRequest, mergedIds: readonly string[], jobId: string): Promise<Loaded<T>> {
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadRecords(deps, spaceId, entity, req, mergedIds, jobId);
    const pending = pendingOf(loaded);
    if (pending.every((r) => r.mergeClaim?.jobId === jobId)) return loaded;
    const now = deps.rt.now();
    const claim = { jobId, masterId: req.masterId, mergedIds, until: new Date(now.getTime() + CLAIM_TTL_MS).toISOString() };
    try {
      const claimed = new Map((await deps.target.claim(pending, claim, now.toISOString())).map((r) => [r.id, r]));
      const fresh = (r: T) => claimed.get(r.id) ?? r;
      return { master: fresh(loaded.master), others: loaded.others.map(fresh) };
    } catch (err) {
      if (!(err instanceof VersionMismatchError)) throw err;
      if (attempt >= ATTEMPTS) throw new ConflictError('The records kept changing during the merge; retry');
    }
  }
}

/**
 * Merges records into a master. A preview returns the resulting record and the related items that
 * would move. A confirm runs a resumable job: it claims every record (one transaction) and marks
 * the claims `moved`, every mover moves its items in chunks of ≤ 100 actions (each chunk
 * all-or-nothing), then one transaction writes the master, marks the others `mergedInto`, removes
 * the claims and adds one audit row. Rerunning the same request finishes a crashed job or returns its result.
 * @throws ValidationError, NotFoundError, MergedRecordError, MergeInProgressError, ConflictError (same ids, other fields, already done)
 */
export async function mergeRecords<T extends Mergeable>(deps: MergeDeps<T>, actor: Actor, entity: string, req: MergeRequest): Promise<MergeResult> {
  const { target } = deps;
  const mergedIds = [...new Set(req.mergedIds)];
  if (mergedIds.length !== req.mergedIds.length || mergedIds.includes(req.masterId)) {
    throw new ValidationError([{ pointer: '#/mergedIds', detail: 'must be distinct and must not contain masterId' }]);
  }
  const fields = req.fields ?? {};
  const issues = Object.entries(fields).flatMap(([field, id]) => [
    ...(target.mergeableFields.includes(field) ? [] : [{ pointer: `#/fields/${field}`, detail: 'is not a mergeable field' }]),
    ...(id === req.masterId || mergedIds.includes(id) ? [] : [{ pointer: `#/fields/${field}`, detail: 'must name the master or a merged id' }]),
  ]);
  if (issues.length) throw new ValidationError(issues);

  const jobId = mergeJobId(entity, req.masterId, mergedIds);
  const bodyHash = hash(Object.entries(fields).sort());
  const combined = ({ master, others }: Loaded<T>) => {
    const byId = new Map([master, ...others].map((r) => [r.id, r]));
    const pick = Object.fromEntries(Object.entries(fields).map(([f, id]) => [f, byId.get(id) as T]));
    return withoutClaim(target.combine(master, others, pick, deps.rt.now().toISOString()));
  };

  if (req.preview) {
    const loaded = await loadRecords(deps, actor.spaceId, entity, req, mergedIds, jobId);
    const moved: Record<string, number> = Object.fromEntries(deps.movers.map((m) => [m.name, 0]));
    for (const mover of deps.movers) {
      for (const m of loaded.others) moved[mover.name] = (moved[mover.name] ?? 0) + (await mover.count(actor.spaceId, m.id));
    }
    return { preview: true, masterId: req.masterId, mergedIds, record: target.view(combined(loaded)), moved };
  }

  const done = (job: MergeJob | undefined) => {
    if (job?.status !== 'done') return undefined;
    if (job.bodyHash !== bodyHash) throw new ConflictError('These records were already merged with other field choices');
    return job.result as MergeResult;
  };
  const finished = done(await deps.jobs.getJob(actor.spaceId, entity, jobId));
  if (finished) return finished;
  let loaded = await claimRecords(deps, actor.spaceId, entity, req, mergedIds, jobId);
  const job = await deps.jobs.openJob(actor.spaceId, entity, jobId, bodyHash, deps.rt.now().toISOString());
  const raced = done(job);
  if (raced) return raced;
  if (!pendingOf(loaded).every((r) => r.mergeClaim?.moved)) await target.markMoved(pendingOf(loaded), jobId);

  const moved: Record<string, number> = Object.fromEntries(deps.movers.map((m) => [m.name, 0]));
  for (const m of pendingOf(loaded).slice(1)) {
    for (const mover of deps.movers) {
      const step = `${mover.name}#${m.id}`;
      let count = job.progress[step] ?? 0;
      if (!job.steps[step]) {
        for (let n = -1; n !== 0; count += n) {
          n = await mover.moveBatch(actor.spaceId, m.id, req.masterId, MAX_ACTIONS);
          if (n > 0) await deps.jobs.addProgress(actor.spaceId, entity, jobId, step, n);
        }
        await deps.jobs.markStep(actor.spaceId, entity, jobId, step);
      }
      moved[mover.name] = (moved[mover.name] ?? 0) + count;
    }
  }
  for (let attempt = 1; ; attempt++) {
    const after = combined(loaded);
    const result: MergeResult = { preview: false, masterId: req.masterId, mergedIds, record: target.view(after), moved };
    const audit = auditOf(deps.rt, actor, entity, req.masterId, 'merge', { details: { mergedIds, fields, moved } });
    try {
      await target.commit({ before: loaded.master, after, merged: pendingOf(loaded).slice(1), audit, jobId, result, now: deps.rt.now().toISOString() });
      return result;
    } catch (err) {
      // A writer that ignores claims (a company merge moving this contact) bumped a version: reload, still ours.
      if (!(err instanceof VersionMismatchError) || attempt >= ATTEMPTS) throw err;
      const again = done(await deps.jobs.getJob(actor.spaceId, entity, jobId));
      if (again) return again; // the same request, run twice at once
      loaded = await loadRecords(deps, actor.spaceId, entity, req, mergedIds, jobId);
      if (!pendingOf(loaded).every((r) => r.mergeClaim?.jobId === jobId)) throw new ConflictError('The merge lost its claim on the records; retry');
    }
  }
}
