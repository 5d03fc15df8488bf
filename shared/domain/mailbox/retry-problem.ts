import type { ParseJob, SyncJob } from '../threads/pipeline-jobs.js';
import { countProblems, type MailboxProblem, type MailboxProblemKind, type MailboxProblemRepo } from './mailbox-problem.js';
import type { MailboxRepo } from './mailbox-record.js';

export interface MailboxProblemDeps {
  readonly mailboxes: Pick<MailboxRepo, 'getMailbox'>;
  readonly problems: MailboxProblemRepo;
  readonly syncQueue: { send(job: SyncJob): Promise<void> };
  readonly parseQueue: { send(job: ParseJob): Promise<void> };
  readonly now: () => Date;
}

/** A problem as the API shows it: never the bucket keys. */
export type MailboxProblemView = Omit<MailboxProblem, 'rawKey' | 'sha256' | 'folderRole'>;
export type ProblemCounts = Record<MailboxProblemKind, number> & { readonly total: number };

export const toProblemView = ({ rawKey: _r, sha256: _s, folderRole: _f, ...view }: MailboxProblem): MailboxProblemView => view;

export function problemCounts(problems: readonly MailboxProblem[]): ProblemCounts {
  return { ...countProblems(problems), total: problems.length };
}

/**
 * GET /mailboxes/{id}/problems: counts of every problem and one page of them.
 * @throws NotFoundError when the mailbox is not in the Space
 */
export async function listMailboxProblems(
  deps: Pick<MailboxProblemDeps, 'mailboxes' | 'problems'>,
  input: { spaceId: string; mailboxId: string; limit: number; startKey?: Record<string, unknown> },
) {
  await deps.mailboxes.getMailbox(input.spaceId, input.mailboxId);
  const [all, page] = await Promise.all([
    deps.problems.listProblems(input.spaceId, input.mailboxId),
    deps.problems.pageProblems(input.spaceId, input.mailboxId, input.limit, input.startKey),
  ]);
  return { mailboxId: input.mailboxId, counts: problemCounts(all), items: page.items.map(toProblemView), lastKey: page.lastKey };
}

/**
 * POST /mailboxes/{id}/problems/{problemId}/retry: unparsable mail is parsed again from the stored
 * raw mail; unfetchable and too-large mail is fetched again by a sync run queued now (with the
 * current size cap). The outcome shows in the list: gone when imported, one more attempt when not.
 * @throws NotFoundError for an unknown mailbox or problem
 */
export async function retryMailboxProblem(
  deps: MailboxProblemDeps, input: { spaceId: string; mailboxId: string; problemId: string; correlationId: string },
): Promise<MailboxProblemView> {
  const { spaceId, mailboxId } = input;
  await deps.mailboxes.getMailbox(spaceId, mailboxId);
  const problem = await deps.problems.requestRetry(spaceId, mailboxId, input.problemId, deps.now().toISOString());
  const correlationId = input.correlationId.slice(0, 128);
  if (problem.kind === 'unparsable' && problem.rawKey && problem.sha256 && problem.uid) {
    await deps.parseQueue.send({
      v: 1, correlationId, spaceId, mailboxId, folderRole: problem.folderRole ?? 'inbox', rawKey: problem.rawKey,
      sha256: problem.sha256, size: problem.size ?? 0, uid: problem.uid, retry: true,
    });
  } else {
    await deps.syncQueue.send({ v: 1, correlationId, spaceId, mailboxId, reason: 'manual', retryProblems: true });
  }
  return toProblemView(problem);
}
