import type { Log } from '../../observability/logger.js';
import { spreadFirstSyncs } from '../mailbox/spread-first-syncs.js';
import { reportStalledMailboxes, type ConnectedMailbox, type ReportStalledDeps } from '../mailbox/report-stalled.js';
import type { SyncJob } from './pipeline-jobs.js';

export interface PollMailboxesDeps {
  readonly mailboxes: { listConnectedMailboxes(): Promise<ConnectedMailbox[]> };
  readonly syncQueue: { send(job: SyncJob, options?: { delaySeconds?: number }): Promise<void> };
  readonly log: Log;
  /** The stalled-sync check that runs with every poll. */
  readonly stalled: Omit<ReportStalledDeps, 'log'>;
}

const SEND_CONCURRENCY = 16;

/** The scheduled fan-out: one sync job per connected (not paused) mailbox of every Space (first syncs spread per host), and the stalled count. */
export async function pollMailboxes(deps: PollMailboxesDeps, input: { correlationId: string }): Promise<{ enqueued: number; stalled: number }> {
  const mailboxes = await deps.mailboxes.listConnectedMailboxes();
  const delays = spreadFirstSyncs(mailboxes);
  for (let i = 0; i < mailboxes.length; i += SEND_CONCURRENCY) {
    await Promise.all(mailboxes.slice(i, i + SEND_CONCURRENCY).map((m, j) => deps.syncQueue.send({
      v: 1, correlationId: input.correlationId.slice(0, 128), spaceId: m.spaceId, mailboxId: m.id, reason: 'schedule',
    }, delays[i + j] ? { delaySeconds: delays[i + j] } : undefined)));
  }
  deps.log.info('mailbox polls enqueued', { mailboxes: mailboxes.length, correlationId: input.correlationId });
  const stalled = reportStalledMailboxes({ ...deps.stalled, log: deps.log }, mailboxes);
  return { enqueued: mailboxes.length, stalled };
}
