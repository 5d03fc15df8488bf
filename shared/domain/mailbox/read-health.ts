import type { MailboxProblemRepo } from './mailbox-problem.js';
import { countProblems } from './mailbox-problem.js';
import type { MailboxRepo } from './mailbox-record.js';
import { mailboxHealth, type SyncHealth } from './sync-health.js';
import { SYNC_RUNS_KEPT, type SyncRunRepo } from './sync-run.js';

export interface ReadHealthDeps {
  readonly mailboxes: Pick<MailboxRepo, 'getMailbox'>;
  readonly runs: Pick<SyncRunRepo, 'listRuns'>;
  readonly problems: Pick<MailboxProblemRepo, 'listProblems'>;
  readonly now: () => Date;
  /** The poller's schedule interval. */
  readonly intervalMs: number;
}

/** The sync health of one mailbox of the Space: status, advice and its last runs. @throws NotFoundError */
export async function readMailboxHealth(deps: ReadHealthDeps, input: { spaceId: string; mailboxId: string }): Promise<SyncHealth & { mailboxId: string }> {
  const mailbox = await deps.mailboxes.getMailbox(input.spaceId, input.mailboxId);
  const [runs, problems] = await Promise.all([
    deps.runs.listRuns(input.spaceId, input.mailboxId, SYNC_RUNS_KEPT),
    deps.problems.listProblems(input.spaceId, input.mailboxId),
  ]);
  return { mailboxId: mailbox.id, ...mailboxHealth({ mailbox, runs, problems: countProblems(problems), now: deps.now(), intervalMs: deps.intervalMs }) };
}
