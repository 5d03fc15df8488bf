import { createHash } from 'node:crypto';
import type { Actor } from '../audit/audit-entry.js';
import { ConflictError } from '../errors.js';
import type { ReapplyJobState } from './reapply-rules.js';

/** The same Idempotency-Key came with another window or mailbox. */
export class ReapplyKeyReusedError extends ConflictError {
  override readonly code = 'idempotency-key-reused';
  constructor(jobId: string) {
    super('The Idempotency-Key was used with a different request', { jobId });
  }
}

export interface RequestReapplyDeps {
  /** @throws NotFoundError when the Space has no such mailbox. */
  readonly getMailbox: (spaceId: string, mailboxId: string) => Promise<unknown>;
  /** Opens the job once; an id opened already answers the job stored under it. */
  readonly open: (job: ReapplyJobState) => Promise<ReapplyJobState>;
  readonly queueFirstStep: (job: ReapplyJobState) => Promise<void>;
  readonly now: () => Date;
  readonly newId: () => string;
}

const DAY_MS = 24 * 3600 * 1000;

/** With an Idempotency-Key the job id derives from Space, user and key, so a retried request names the same job. */
const jobIdOf = (actor: Actor, key: string | undefined, newId: () => string): string => (key
  ? createHash('sha256').update(`${actor.spaceId}\n${actor.userId}\n${key}`).digest('hex').slice(0, 32)
  : newId());

/**
 * Opens a job that applies today's mail rules to the mail of the last `days` days (of one mailbox,
 * when named) and queues its first step on the link queue. A retry with the same Idempotency-Key
 * answers the same job (and queues its first step again while it is still queued, in case the
 * first attempt stopped before queueing it).
 * @throws NotFoundError for an unknown mailbox; ReapplyKeyReusedError for a key reused with another request.
 */
export async function requestReapply(
  deps: RequestReapplyDeps, actor: Actor, input: { days: number; mailboxId?: string; idempotencyKey?: string },
): Promise<ReapplyJobState> {
  if (input.mailboxId) await deps.getMailbox(actor.spaceId, input.mailboxId);
  const now = deps.now();
  const job: ReapplyJobState = {
    jobId: jobIdOf(actor, input.idempotencyKey, deps.newId), spaceId: actor.spaceId, userId: actor.userId, requestId: actor.requestId.slice(0, 128),
    requestedAt: now.toISOString(), days: input.days, since: new Date(now.getTime() - input.days * DAY_MS).toISOString(),
    ...(input.mailboxId ? { mailboxId: input.mailboxId } : {}),
    status: 'queued', scanned: 0, hiddenThreads: 0, shownThreads: 0, unlinkedMessages: 0, privateThreads: 0, relinkedMessages: 0, unmarkedThreads: 0, headersOnlyMessages: 0,
  };
  const stored = await deps.open(job);
  if (stored.days !== job.days || stored.mailboxId !== job.mailboxId) throw new ReapplyKeyReusedError(stored.jobId);
  if (stored.status === 'queued') await deps.queueFirstStep(stored);
  return stored;
}
