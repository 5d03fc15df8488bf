import type { MailboxProblemRepo } from './mailbox-problem.js';
import { countProblems } from './mailbox-problem.js';
import type { MailboxRepo } from './mailbox-record.js';
import { tallyWindowStart, type RuleTallyRepo } from './rule-tally.js';
import { mailboxHealth, type SyncHealth } from './sync-health.js';
import { SYNC_RUNS_KEPT, type SyncRunRepo } from './sync-run.js';

export interface ReadHealthDeps {
  readonly mailboxes: Pick<MailboxRepo, 'getMailbox'>;
  readonly runs: Pick<SyncRunRepo, 'listRuns' | 'pageRuns'> & Pick<RuleTallyRepo, 'listRuleTallies'>;
  readonly problems: Pick<MailboxProblemRepo, 'listProblems'>;
  readonly now: () => Date;
  /** The poller's schedule interval. */
  readonly intervalMs: number;
}

export interface HealthPage extends Omit<SyncHealth, 'runs'> {
  readonly mailboxId: string;
  /** One page of runs, newest first. */
  readonly items: SyncHealth['runs'];
  readonly lastKey?: Record<string, unknown>;
}

/**
 * The sync health of one mailbox of the Space: status and advice (judged on its last
 * SYNC_RUNS_KEPT runs) and one page of its runs. @throws NotFoundError
 */
export async function readMailboxHealth(
  deps: ReadHealthDeps, input: { spaceId: string; mailboxId: string; limit?: number; startKey?: Record<string, unknown> },
): Promise<HealthPage> {
  const mailbox = await deps.mailboxes.getMailbox(input.spaceId, input.mailboxId);
  const now = deps.now();
  const [runs, problems, page, ruleTallies] = await Promise.all([
    deps.runs.listRuns(input.spaceId, input.mailboxId, SYNC_RUNS_KEPT),
    deps.problems.listProblems(input.spaceId, input.mailboxId),
    deps.runs.pageRuns(input.spaceId, input.mailboxId, input.limit ?? SYNC_RUNS_KEPT, input.startKey),
    deps.runs.listRuleTallies(input.spaceId, input.mailboxId, tallyWindowStart(now)),
  ]);
  const { runs: _judged, ...health } = mailboxHealth({ mailbox, runs, problems: countProblems(problems), now, intervalMs: deps.intervalMs, ruleTallies });
  return { mailboxId: mailbox.id, ...health, items: page.items, ...(page.lastKey ? { lastKey: page.lastKey } : {}) };
}
