import { createHash } from 'node:crypto';
import { auditOf, type Actor } from '../audit/audit-entry.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { MergedRecordError } from './contact-errors.js';
import type { Mergeable, MergeDeps, MergeResult } from './merge-ports.js';

export interface MergeRequest {
  readonly masterId: string;
  readonly mergedIds: readonly string[];
  readonly fields?: Readonly<Record<string, string>> | undefined;
  readonly preview: boolean;
}

const MAX_ACTIONS = 100;
const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

/**
 * Merges records into a master. A preview returns the resulting record and the related items that
 * would move. A confirm runs a resumable job: every mover moves its items in chunks of ≤ 100 actions
 * (each chunk all-or-nothing), then one transaction writes the master, marks the others `mergedInto`
 * and adds one audit row. Rerunning the same request finishes a crashed job or returns its result.
 * @throws ValidationError, NotFoundError, MergedRecordError, ConflictError (same ids, other fields, already done)
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

  const jobId = hash([entity, req.masterId, [...mergedIds].sort()]);
  const bodyHash = hash(Object.entries(fields).sort());
  const master = await target.load(actor.spaceId, req.masterId);
  const merged = await Promise.all(mergedIds.map((id) => target.load(actor.spaceId, id)));
  if (!master || merged.some((m) => !m)) throw new NotFoundError(entity);
  const others = merged as T[];

  const job = req.preview ? undefined : await deps.jobs.openJob(actor.spaceId, entity, jobId, bodyHash, deps.rt.now().toISOString());
  if (job) {
    if (job.status === 'done') {
      if (job.bodyHash !== bodyHash) throw new ConflictError('These records were already merged with other field choices');
      return job.result as MergeResult;
    }
  }
  if (master.mergedInto) throw new MergedRecordError(entity, master.mergedInto);
  const foreign = others.find((m) => m.mergedInto && m.mergedInto !== master.id);
  if (foreign?.mergedInto) throw new MergedRecordError(entity, foreign.mergedInto);

  const byId = new Map([master, ...others].map((r) => [r.id, r]));
  const pick = Object.fromEntries(Object.entries(fields).map(([f, id]) => [f, byId.get(id) as T]));
  const now = deps.rt.now().toISOString();
  const after = target.combine(master, others, pick, now);

  const moved: Record<string, number> = {};
  for (const mover of deps.movers) moved[mover.name] = 0;
  if (req.preview) {
    for (const mover of deps.movers) {
      for (const m of others) moved[mover.name] = (moved[mover.name] ?? 0) + (await mover.count(actor.spaceId, m.id));
    }
    return { preview: true, masterId: master.id, mergedIds, record: target.view(after), moved };
  }

  for (const m of others) {
    for (const mover of deps.movers) {
      const step = `${mover.name}#${m.id}`;
      let count = job?.progress[step] ?? 0;
      if (!job?.steps[step]) {
        for (let n = -1; n !== 0; count += n) {
          n = await mover.moveBatch(actor.spaceId, m.id, master.id, MAX_ACTIONS);
          if (n > 0) await deps.jobs.addProgress(actor.spaceId, entity, jobId, step, n);
        }
        await deps.jobs.markStep(actor.spaceId, entity, jobId, step);
      }
      moved[mover.name] = (moved[mover.name] ?? 0) + count;
    }
  }
  const result: MergeResult = { preview: false, masterId: master.id, mergedIds, record: target.view(after), moved };
  const audit = auditOf(deps.rt, actor, entity, master.id, 'merge', { details: { mergedIds, fields, moved } });
  await target.commit({ before: master, after, merged: others.filter((m) => !m.mergedInto), audit, jobId, result, now });
  return result;
}
