import type { Queue } from '../adapters/queue/sqs-queue.js';
import type { Actor } from '../domain/audit/audit-entry.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import { applyBlocklistStep, type ApplyBlocklistDeps, type BlocklistJobState } from '../domain/rules/apply-blocklist.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import { writeAudit } from '../store/audit-store.js';
import { createBlocklistJobs } from '../store/blocklist-job-store.js';
import type { TableRef } from '../store/dynamo.js';
import { createSettingsStore } from '../store/settings-store.js';
import { createThreadHiding } from '../store/thread-hiding.js';
import { isConditionFailure } from '../store/transact.js';
import { customerEventRecorder } from './customer-stats.js';

/** The blocklist job's ports on DynamoDB, its next steps on the link queue. */
export function blocklistJobDeps(t: TableRef, linkQueue: Queue<LinkJob>, correlationId: string): ApplyBlocklistDeps {
  const settings = createSettingsStore(t);
  return {
    blocklist: async (spaceId) => (await settings.getMailRules(spaceId)).rules.blocklist,
    threads: createThreadHiding(t),
    jobs: createBlocklistJobs(t),
    record: customerEventRecorder(t),
    audit: (a) => writeAudit(t, a).catch((error: unknown) => { if (!isConditionFailure(error)) throw error; }),
    continueJob: ({ spaceId, jobId, cursor }) => linkQueue.send({ v: 1, kind: 'apply-blocklist', correlationId, spaceId, jobId, cursor }),
    now: systemRuntime.now,
    newId: systemRuntime.newId,
  };
}

/** Runs one step of a blocklist job (the link worker's `apply-blocklist` records). */
export const runBlocklistStep = (t: TableRef, linkQueue: Queue<LinkJob>, job: Extract<LinkJob, { kind: 'apply-blocklist' }>) =>
  applyBlocklistStep(blocklistJobDeps(t, linkQueue, job.correlationId), { spaceId: job.spaceId, jobId: job.jobId, ...(job.cursor ? { cursor: job.cursor } : {}) });

/**
 * After a save that changed the blocklist: opens a job (id = the save's audit id, so a retried
 * save opens it once) and queues its first step. Returns the job, or undefined when the list did not change.
 */
export async function startBlocklistJob(
  t: TableRef, linkQueue: Queue<LinkJob>,
  input: { actor: Actor; jobId: string; at: string; before: readonly string[]; after: readonly string[] },
): Promise<BlocklistJobState | undefined> {
  const added = input.after.filter((e) => !input.before.includes(e));
  const removed = input.before.filter((e) => !input.after.includes(e));
  if (added.length === 0 && removed.length === 0) return undefined;
  const job: BlocklistJobState = {
    jobId: input.jobId, spaceId: input.actor.spaceId, userId: input.actor.userId, requestId: input.actor.requestId, startedAt: input.at,
    added, removed, scanned: 0, hidden: 0, shown: 0, messages: 0, done: false,
  };
  await createBlocklistJobs(t).open(job);
  await linkQueue.send({ v: 1, kind: 'apply-blocklist', correlationId: input.actor.requestId.slice(0, 128) || input.jobId, spaceId: job.spaceId, jobId: job.jobId });
  return job;
}
