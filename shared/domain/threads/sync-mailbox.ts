import { randomUUID } from 'node:crypto';
import { SYNC_LIMITS } from '../../config/names.js';
import type { Log } from '../../observability/logger.js';
import { MailboxAuthError, SecretRejectedError } from '../mailbox/mailbox-errors.js';
import type { MailboxProblemRepo } from '../mailbox/mailbox-problem.js';
import type { MailboxRecord, MailboxRepo } from '../mailbox/mailbox-record.js';
import type { FetchLimits } from '../mailbox/plan-fetch.js';
import type { SyncCursor } from '../mailbox/plan-sync.js';
import type { MailboxClient, MailboxSession, SecretBox } from '../mailbox/ports.js';
import type { ParseJob, SyncJob } from './pipeline-jobs.js';
import type { Blobs } from './ports.js';
import { createSyncBudget, type BudgetStop, type SyncBudget } from './sync-budget.js';
import { syncFolder } from './sync-folder.js';

export interface SyncStateRepo {
  acquireLease(spaceId: string, mailboxId: string, owner: string, nowMs: number, ttlMs: number): Promise<boolean>;
  releaseLease(spaceId: string, mailboxId: string, owner: string): Promise<void>;
  /** Takes one of the Space's `slots` sync slots; the slot number, or undefined when all are held. */
  acquireSpaceSlot(spaceId: string, owner: string, nowMs: number, ttlMs: number, slots: number): Promise<number | undefined>;
  releaseSpaceSlot(spaceId: string, slot: number, owner: string): Promise<void>;
  getCursor(spaceId: string, mailboxId: string, folder: string): Promise<SyncCursor | undefined>;
  putCursor(spaceId: string, mailboxId: string, folder: string, cursor: SyncCursor): Promise<void>;
}

export interface SyncLimits extends FetchLimits {
  readonly timeBudgetMs: number;
  readonly byteBudget: number;
  readonly slotsPerSpace: number;
  readonly deferSeconds: number;
  readonly fetchAttempts: number;
}

export interface SyncMailboxDeps {
  readonly mailboxes: Pick<MailboxRepo, 'getMailbox' | 'recordSyncSuccess' | 'recordSyncError'>;
  readonly syncState: SyncStateRepo;
  readonly problems: Pick<MailboxProblemRepo, 'recordProblem' | 'listProblems' | 'resolveProblem'>;
  readonly secrets: SecretBox;
  readonly imap: MailboxClient;
  readonly blobs: Blobs;
  readonly parseQueue: { send(job: ParseJob): Promise<void> };
  /** Where a deferred job and a continuation go (the sync queue itself). */
  readonly syncQueue: { send(job: SyncJob, options?: { delaySeconds?: number }): Promise<void> };
  readonly log: Log;
  readonly now: () => Date;
  /** @default 30 */
  readonly windowDays?: number;
  /** @default SYNC_LIMITS (shared/config/names.ts); maxMessageBytes from SYNC_MAX_MESSAGE_BYTES */
  readonly limits?: Partial<SyncLimits>;
  /** Longer than the worker's timeout, so a crashed holder's lease expires on its own. @default 150 s */
  readonly leaseMs?: number;
}

/** The deps with every limit resolved, as the folder steps use them. */
export type SyncRunDeps = SyncMailboxDeps & { readonly limits: SyncLimits };

export type SyncOutcome =
  | { readonly status: 'skipped'; readonly reason: 'lease-held' | 'paused' | 'deleted' }
  | { readonly status: 'deferred'; readonly delaySeconds: number }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'stopped'; readonly on: BudgetStop; readonly messages: number; readonly unfetchable: number; readonly continued: boolean }
  | { readonly status: 'synced'; readonly messages: number; readonly unfetchable: number; readonly commands: number };

export interface SyncInput {
  readonly spaceId: string;
  readonly mailboxId: string;
  readonly correlationId: string;
  /** Why the job was queued; a deferred job goes back with the same reason. @default 'manual' */
  readonly reason?: SyncJob['reason'];
  readonly retryProblems?: boolean;
}

export const defaultSyncLimits = (): SyncLimits => ({
  timeBudgetMs: SYNC_LIMITS.timeBudgetSeconds * 1000, byteBudget: SYNC_LIMITS.byteBudget, slotsPerSpace: SYNC_LIMITS.slotsPerSpace,
  deferSeconds: SYNC_LIMITS.deferSeconds, fetchAttempts: SYNC_LIMITS.fetchAttempts, maxMessageBytes: SYNC_LIMITS.maxMessageBytes,
  streamAboveBytes: SYNC_LIMITS.streamAboveBytes, batchBytes: SYNC_LIMITS.batchBytes, batchCount: 25,
});

/**
 * One poll of one mailbox, under its lease and one of its Space's sync slots (a Space with every
 * slot busy gets the job back later: deferred, not failed). Within a time and a byte budget, per
 * folder: plan → search → sizes → byte-bounded FETCH steps, raw MIME to the bucket and a parse job
 * per message. A run that hits its budget keeps its cursor, says so in lastError and, when it made
 * progress, queues its own continuation. Auth and secret failures set lastError and return
 * (retrying will not help); an unavailable server sets lastError and throws, so the queue retries.
 */
export async function syncMailbox(deps: SyncMailboxDeps, input: SyncInput): Promise<SyncOutcome> {
  const run: SyncRunDeps = { ...deps, limits: { ...defaultSyncLimits(), ...deps.limits } };
  const { spaceId, mailboxId } = input;
  const owner = randomUUID();
  const ttlMs = deps.leaseMs ?? 150_000;
  if (!(await deps.syncState.acquireLease(spaceId, mailboxId, owner, deps.now().getTime(), ttlMs))) {
    deps.log.info('sync skipped: lease held', { spaceId, mailboxId, correlationId: input.correlationId });
    return { status: 'skipped', reason: 'lease-held' };
  }
  let slot: number | undefined;
  let outcome: SyncOutcome;
  try {
    slot = await deps.syncState.acquireSpaceSlot(spaceId, owner, deps.now().getTime(), ttlMs, run.limits.slotsPerSpace);
    if (slot === undefined) {
      const delaySeconds = run.limits.deferSeconds;
      await deps.syncQueue.send(jobOf(input, input.reason ?? 'manual'), { delaySeconds });
      deps.log.info('sync deferred: the Space uses all its sync slots', { spaceId, mailboxId, delaySeconds, correlationId: input.correlationId });
      return { status: 'deferred', delaySeconds };
    }
    outcome = await syncUnderLease(run, input);
  } finally {
    if (slot !== undefined) await deps.syncState.releaseSpaceSlot(spaceId, slot, owner).catch(() => undefined);
    await deps.syncState.releaseLease(spaceId, mailboxId, owner).catch(() => undefined);
  }
  if (outcome.status === 'stopped' && outcome.continued) await deps.syncQueue.send(jobOf(input, 'continue'));
  return outcome;
}

async function syncUnderLease(deps: SyncRunDeps, input: SyncInput): Promise<SyncOutcome> {
  const { spaceId, mailboxId } = input;
  const mailbox = await deps.mailboxes.getMailbox(spaceId, mailboxId).catch(() => undefined);
  if (!mailbox) return { status: 'skipped', reason: 'deleted' };
  if (mailbox.paused) return { status: 'skipped', reason: 'paused' };
  let password: string;
  try {
    password = await deps.secrets.open(mailbox.password, { space: spaceId, mailbox: mailboxId });
  } catch (error) {
    if (!(error instanceof SecretRejectedError)) throw error;
    await deps.mailboxes.recordSyncError(spaceId, mailboxId, 'stored password cannot be decrypted: enter the app password again');
    return { status: 'failed', reason: 'secret-rejected' };
  }
  const budget = createSyncBudget({ timeMs: deps.limits.timeBudgetMs, bytes: deps.limits.byteBudget }, deps.now);
  let session: MailboxSession | undefined;
  const progress = { messages: 0, unfetchable: 0 };
  // A server that drips bytes never trips the socket timeout: the budget drops the connection instead.
  const connecting = new AbortController();
  budget.arm(() => { connecting.abort(); session?.abort(); });
  try {
    try {
      session = await deps.imap.openSession(mailbox, password, { signal: connecting.signal });
    } catch (error) {
      if (!(error instanceof MailboxAuthError)) throw error;
      await deps.mailboxes.recordSyncError(spaceId, mailboxId, 'authentication failed: check the app password');
      return { status: 'failed', reason: 'auth' };
    }
    if (budget.timedOut) session.abort();
    return await syncFolders(deps, mailbox, session, budget, input, progress);
  } catch (error) {
    if (budget.timedOut) return stopOnBudget(deps, input, 'time', progress);
    const message = error instanceof Error && 'code' in error ? error.message : 'sync failed; it will be retried';
    await deps.mailboxes.recordSyncError(spaceId, mailboxId, message, { synced: progress.messages }).catch(() => undefined);
    throw error;
  } finally {
    budget.disarm();
    await session?.close();
  }
}

async function syncFolders(
  deps: SyncRunDeps, mailbox: MailboxRecord, session: MailboxSession, budget: SyncBudget, input: SyncInput,
  progress: { messages: number; unfetchable: number },
): Promise<SyncOutcome> {
  const { spaceId, mailboxId } = input;
  for (const folder of mailbox.folders) {
    const result = await syncFolder({ deps, mailbox, folder, session, correlationId: input.correlationId, budget, retryProblems: input.retryProblems === true });
    progress.messages += result.handedOn;
    progress.unfetchable += result.unfetchable;
    if (result.paused) {
      await deps.mailboxes.recordSyncError(spaceId, mailboxId, result.paused, { pause: true, synced: progress.messages });
      return { status: 'failed', reason: 'paused' };
    }
    if (result.stopped) return stopOnBudget(deps, input, result.stopped, progress);
  }
  await deps.mailboxes.recordSyncSuccess(spaceId, mailboxId, deps.now().toISOString(), progress.messages);
  deps.log.info('mailbox synced', { spaceId, mailboxId, messages: progress.messages, unfetchable: progress.unfetchable, commands: session.commandCount, correlationId: input.correlationId });
  return { status: 'synced', messages: progress.messages, unfetchable: progress.unfetchable, commands: session.commandCount };
}

/** Keeps the cursor, says what happened in lastError, and continues at once only when the run made progress. */
async function stopOnBudget(
  deps: SyncRunDeps, input: SyncInput, on: BudgetStop, progress: { messages: number; unfetchable: number },
): Promise<SyncOutcome> {
  const continued = progress.messages > 0;
  const limit = on === 'time' ? `${+(deps.limits.timeBudgetMs / 1000).toFixed(1)} s time` : `${+(deps.limits.byteBudget / 1024 / 1024).toFixed(2)} MB`;
  const next = continued ? 'the sync continues in the next run' : 'no message arrived in time: the server is too slow, retried at the next scheduled sync';
  await deps.mailboxes.recordSyncError(input.spaceId, input.mailboxId, `stopped at the ${limit} budget of one sync run after ${progress.messages} messages; ${next}`, { synced: progress.messages });
  deps.log.warn('sync stopped on budget', { spaceId: input.spaceId, mailboxId: input.mailboxId, on, messages: progress.messages, continued, correlationId: input.correlationId });
  return { status: 'stopped', on, messages: progress.messages, unfetchable: progress.unfetchable, continued };
}

function jobOf(input: SyncInput, reason: SyncJob['reason']): SyncJob {
  return {
    v: 1, correlationId: input.correlationId.slice(0, 128), spaceId: input.spaceId, mailboxId: input.mailboxId, reason,
    ...(input.retryProblems ? { retryProblems: true as const } : {}),
  };
}
