import type { Queue } from '../adapters/queue/sqs-queue.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import type { Log } from '../observability/logger.js';
import type { TableRef } from '../store/dynamo.js';
import { claimStateMigration, markStateMigration, migrateInboxStep, readStateMigration } from '../store/inbox-state-migration.js';

type MigrateInboxRecord = Extract<LinkJob, { kind: 'migrate-inbox' }>;

/** Work one step does before queuing the next (the link function times out at 30 s and shares its batch). */
const STEP_BUDGET_MS = 10_000;
/** A running move with no step for this long lost its queue message: the next inbox read starts it again. */
const STALE_AFTER_MS = 15 * 60_000;

interface JobRuntime { readonly now: () => Date; readonly log: { info(message: string, fields?: Record<string, unknown>): void } }

/** Runs one step of a Space's move to the state facets (the link worker's `migrate-inbox` records), then queues the next or marks it done. */
export async function runInboxMigrationStep(t: TableRef, linkQueue: Queue<LinkJob>, job: MigrateInboxRecord, rt: JobRuntime): Promise<void> {
  const started = Date.now();
  const step = await migrateInboxStep(t, job.spaceId, { ...(job.cursor ? { cursor: job.cursor } : {}), overBudget: () => Date.now() - started > STEP_BUDGET_MS });
  const moved = job.moved + step.moved;
  const at = rt.now().toISOString();
  if (step.cursor === undefined) {
    await markStateMigration(t, job.spaceId, { at, done: { moved } });
    rt.log.info('inbox state facets migrated', { spaceId: job.spaceId, moved, correlationId: job.correlationId });
    return;
  }
  await markStateMigration(t, job.spaceId, { at });
  await linkQueue.send({ v: 1, kind: 'migrate-inbox', correlationId: job.correlationId, spaceId: job.spaceId, cursor: step.cursor, moved });
}

/** Spaces this container has seen done: their marker is not read again. */
const migrated = new Set<string>();

/**
 * Called by the inbox's listing and counts: true once every thread of the Space is on its state
 * facet. Until then, the first caller (or the first after a lost step) starts the move on the link
 * queue, and the listing also reads the old `all` partition.
 */
export async function ensureInboxMigration(t: TableRef, linkQueue: Queue<LinkJob>, spaceId: string, input: { now: Date; correlationId: string; log: Pick<Log, 'warn'> }): Promise<boolean> {
  if (migrated.has(spaceId)) return true;
  const state = await readStateMigration(t, spaceId);
  if (state.status === 'done') {
    migrated.add(spaceId);
    return true;
  }
  const at = input.now.toISOString();
  if (state.status === 'none' || state.at < new Date(input.now.getTime() - STALE_AFTER_MS).toISOString()) {
    if (await claimStateMigration(t, spaceId, at, new Date(input.now.getTime() - STALE_AFTER_MS).toISOString())) {
      const correlationId = input.correlationId.slice(0, 128) || spaceId;
      // The listing does not need the job to answer: a start that did not reach the queue is retried by a read after STALE_AFTER_MS.
      await linkQueue.send({ v: 1, kind: 'migrate-inbox', correlationId, spaceId, moved: 0 })
        .catch((error: unknown) => input.log.warn('inbox state facet move not queued', { spaceId, correlationId, error: error instanceof Error ? error.name : 'unknown' }));
    }
  }
  return false;
}
