import { randomUUID } from 'node:crypto';
import { SYNC_LIMITS } from '../../config/names.js';
import type { Log } from '../../observability/logger.js';
import { MailboxAuthError, MailboxUnavailableError, SecretRejectedError } from '../mailbox/mailbox-errors.js';
import type { MailboxCredentials } from '../mailbox/mailbox-credentials.js';
import { OAuthGrantError } from '../mailbox/oauth-errors.js';
import { nextBackoff } from '../mailbox/throttle-backoff.js';
import type { MailboxProblemRepo } from '../mailbox/mailbox-problem.js';
import type { MailboxRecord, MailboxRepo } from '../mailbox/mailbox-record.js';
import type { FetchLimits } from '../mailbox/plan-fetch.js';
import type { SyncCursor } from '../mailbox/plan-sync.js';
import type { MailboxClient, MailboxSession, SecretBox } from '../mailbox/ports.js';
import type { SyncBackoff, SyncBackoffRepo, SyncRun, SyncRunRepo } from '../mailbox/sync-run.js';
import type { ParseJob, SyncJob } from './pipeline-jobs.js';
import type { Blobs } from './ports.js';
import { createSyncBudget, type BudgetStop, type SyncBudget } from './sync-budget.js';
import { syncFolder } from './sync-folder.js';
import type { ServerReadRepo } from './sync-read-state.js';
import { failureOf, startRunTrace, type RunFailure, type RunTrace } from './sync-run-trace.js';

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
  /** Each run that got its lease and slot is recorded here for the health view. */
  readonly runs: Pick<SyncRunRepo, 'recordRun'> & SyncBackoffRepo;
  readonly secrets: SecretBox;
  readonly imap: MailboxClient;
  /** Turns an OAuth2 mailbox's refresh token into an access token; needed only by OAuth2 mailboxes. */
  readonly credentials?: MailboxCredentials;
  readonly blobs: Blobs;
  /** `sendBatch` resolves the indexes it could not send (see Queue in adapters/queue). */
  readonly parseQueue: { send(job: ParseJob): Promise<void>; sendBatch(jobs: readonly ParseJob[]): Promise<number[]> };
  /** Where a deferred job and a continuation go (the sync queue itself). */
  readonly syncQueue: { send(job: SyncJob, options?: { delaySeconds?: number }): Promise<void> };
  readonly log: Log;
  readonly now: () => Date;
  /** Where read state changed in the mail client goes; without it flags are not read. */
  readonly readState?: ServerReadRepo;
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
  | { readonly status: 'skipped'; readonly reason: 'lease-held' | 'paused' | 'deleted' | 'backing-off' }
  | { readonly status: 'deferred'; readonly delaySeconds: number }
  | { readonly status: 'failed'; readonly reason: string; readonly failure: RunFailure }
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
    const { trace, finish } = startRunTrace(deps.now, input.reason ?? 'manual');
    try {
      outcome = await syncUnderLease(run, input, trace);
    } catch (error) {
      await recordRun(deps, input, finish('failed', failureOf(error)));
      throw error;
    }
    if (outcome.status === 'synced') await recordRun(deps, input, finish('synced'));
    if (outcome.status === 'stopped') await recordRun(deps, input, finish('stopped', { kind: 'budget', message: `stopped at the ${outcome.on} budget` }));
    if (outcome.status === 'failed') await recordRun(deps, input, finish('failed', outcome.failure));
  } finally {
    if (slot !== undefined) await deps.syncState.releaseSpaceSlot(spaceId, slot, owner).catch(() => undefined);
    await deps.syncState.releaseLease(spaceId, mailboxId, owner).catch(() => undefined);
  }
  if (outcome.status === 'stopped' && outcome.continued) await deps.syncQueue.send(jobOf(input, 'continue'));
  return outcome;
}

async function syncUnderLease(deps: SyncRunDeps, input: SyncInput, trace: RunTrace): Promise<SyncOutcome> {
  const { spaceId, mailboxId } = input;
  const mailbox = await deps.mailboxes.getMailbox(spaceId, mailboxId).catch(() => undefined);
  if (!mailbox) return { status: 'skipped', reason: 'deleted' };
  if (mailbox.paused) return { status: 'skipped', reason: 'paused' };
  // A provider that throttled us is left alone until the back-off ends; a user's "sync now" still tries.
  const backoff = await deps.runs.getBackoff(spaceId, mailboxId);
  if (backoff && (input.reason ?? 'manual') !== 'manual' && Date.parse(backoff.until) > deps.now().getTime()) return { status: 'skipped', reason: 'backing-off' };
  let password: string;
  try {
    password = await deps.secrets.open(mailbox.password, { space: spaceId, mailbox: mailboxId });
  } catch (error) {
    if (!(error instanceof SecretRejectedError)) throw error;
    await deps.mailboxes.recordSyncError(spaceId, mailboxId, 'stored password cannot be decrypted: enter the app password again');
    return { status: 'failed', reason: 'secret-rejected', failure: failureOf(error) };
  }
  const budget = createSyncBudget({ timeMs: deps.limits.timeBudgetMs, bytes: deps.limits.byteBudget }, deps.now);
  let session: MailboxSession | undefined;
  trace.step = 'connect';
  trace.bytes = () => budget.bytes;
  trace.commands = () => session?.commandCount ?? 0;
  const progress = { messages: 0, unfetchable: 0 };
  trace.messages = () => progress.messages;
  // A server that drips bytes never trips the socket timeout: the budget drops the connection instead.
  const connecting = new AbortController();
  budget.arm(() => { connecting.abort(); session?.abort(); });
  try {
    try {
      session = await openSession(deps, mailbox, password, connecting.signal);
    } catch (error) {
      // A refused refresh token, or a fresh access token the server still refuses: only a new consent helps.
      if (error instanceof OAuthGrantError || (mailbox.oauth && error instanceof MailboxAuthError)) {
        trace.step = 'login';
        await deps.mailboxes.recordSyncError(spaceId, mailboxId, 'the mail provider no longer accepts this authorization: re-authorize the mailbox', { reauthorize: true });
        deps.log.warn('sync needs re-authorization', { spaceId, mailboxId, correlationId: input.correlationId });
        return { status: 'failed', reason: 'reauthorize', failure: failureOf(error instanceof OAuthGrantError ? error : new OAuthGrantError('login_refused')) };
      }
      if (!(error instanceof MailboxAuthError)) throw error;
      trace.step = 'login';
      const failure = failureOf(error);
      await deps.mailboxes.recordSyncError(spaceId, mailboxId, failure.kind === 'wrong_password' ? 'authentication failed: check the app password' : error.message);
      return { status: 'failed', reason: 'auth', failure };
    }
    if (budget.timedOut) session.abort();
    return await syncFolders(deps, mailbox, session, budget, input, progress, trace);
  } catch (error) {
    if (budget.timedOut) return stopOnBudget(deps, input, 'time', progress);
    if (error instanceof MailboxUnavailableError && error.kind === 'throttled') return backOff(deps, input, error, backoff);
    const message = error instanceof Error && 'code' in error ? error.message : 'sync failed; it will be retried';
    await deps.mailboxes.recordSyncError(spaceId, mailboxId, message, { synced: progress.messages }).catch(() => undefined);
    throw error;
  } finally {
    budget.disarm();
    await session?.close();
  }
}

/**
 * Logs in with the password, or with an OAuth2 access token; a remembered token the server refuses
 * (revoked early, or the clock of the provider differs) is refreshed once before giving up.
 */
async function openSession(deps: SyncRunDeps, mailbox: MailboxRecord, secret: string, signal: AbortSignal): Promise<MailboxSession> {
  if (!mailbox.oauth) return deps.imap.openSession(mailbox, secret, { signal });
  if (!deps.credentials) throw new Error('OAuth2 mailbox without a credentials adapter');
  try {
    return await deps.imap.openSession(mailbox, await deps.credentials.credentialFor(mailbox, secret), { signal });
  } catch (error) {
    if (!(error instanceof MailboxAuthError)) throw error;
    return deps.imap.openSession(mailbox, await deps.credentials.credentialFor(mailbox, secret, { fresh: true }), { signal });
  }
}

async function syncFolders(
  deps: SyncRunDeps, mailbox: MailboxRecord, session: MailboxSession, budget: SyncBudget, input: SyncInput,
  progress: { messages: number; unfetchable: number }, trace: RunTrace,
): Promise<SyncOutcome> {
  const { spaceId, mailboxId } = input;
  for (const folder of mailbox.folders) {
    trace.step = 'folder';
    trace.folder = folder.path;
    const result = await syncFolder({ deps, mailbox, folder, session, correlationId: input.correlationId, budget, retryProblems: input.retryProblems === true });
    progress.messages += result.handedOn;
    progress.unfetchable += result.unfetchable;
    if (result.paused) {
      await deps.mailboxes.recordSyncError(spaceId, mailboxId, result.paused, { pause: true, synced: progress.messages });
      return { status: 'failed', reason: 'paused', failure: { kind: 'mailbox_reset', message: result.paused } };
    }
    if (result.stopped) return stopOnBudget(deps, input, result.stopped, progress);
    trace.folders++;
  }
  await deps.mailboxes.recordSyncSuccess(spaceId, mailboxId, deps.now().toISOString(), progress.messages);
  await deps.runs.clearBackoff(spaceId, mailboxId);
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

/**
 * The provider throttled the account: no queue retry (it would only be refused again and end in
 * the DLQ); scheduled runs wait out the back-off instead, and lastError says until when.
 */
async function backOff(deps: SyncRunDeps, input: SyncInput, error: MailboxUnavailableError, previous: SyncBackoff | undefined): Promise<SyncOutcome> {
  const backoff = nextBackoff(previous, error.server, deps.now());
  await deps.runs.putBackoff(input.spaceId, input.mailboxId, backoff);
  await deps.mailboxes.recordSyncError(input.spaceId, input.mailboxId, `the mail provider is throttling this account: sync waits until ${backoff.until}`);
  deps.log.warn('sync backing off: provider throttling', { spaceId: input.spaceId, mailboxId: input.mailboxId, until: backoff.until, count: backoff.count, correlationId: input.correlationId });
  return { status: 'failed', reason: 'throttled', failure: failureOf(error) };
}

/** A run's record is for the health view: failing to write it must not fail or repeat the sync. */
async function recordRun(deps: SyncMailboxDeps, input: SyncInput, run: SyncRun): Promise<void> {
  await deps.runs.recordRun(input.spaceId, input.mailboxId, run).catch((error: unknown) => {
    deps.log.warn('sync run not recorded', { spaceId: input.spaceId, mailboxId: input.mailboxId, error: error instanceof Error ? error.name : 'unknown', correlationId: input.correlationId });
  });
}
