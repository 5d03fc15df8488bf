import type { Log } from '../../observability/logger.js';
import type { SyncJob } from './pipeline-jobs.js';

export interface PollMailboxesDeps {
  readonly mailboxes: { listConnectedMailboxes(): Promise<{ spaceId: string; id: string }[]> };
  readonly syncQueue: { send(job: SyncJob): Promise<void> };
  readonly log: Log;
}

const SEND_CONCURRENCY = 16;

/** The scheduled fan-out: one sync job per connected (not paused) mailbox of every Space. */
export async function pollMailboxes(deps: PollMailboxesDeps, input: { correlationId: string }): Promise<{ enqueued: number }> {
  const mailboxes = await deps.mailboxes.listConnectedMailboxes();
  for (let i = 0; i < mailboxes.length; i += SEND_CONCURRENCY) {
    await Promise.all(mailboxes.slice(i, i + SEND_CONCURRENCY).map((m) => deps.syncQueue.send({
      v: 1, correlationId: input.correlationId.slice(0, 128), spaceId: m.spaceId, mailboxId: m.id, reason: 'schedule',
    })));
  }
  deps.log.info('mailbox polls enqueued', { mailboxes: mailboxes.length, correlationId: input.correlationId });
  return { enqueued: mailboxes.length };
}
