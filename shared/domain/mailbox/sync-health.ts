import type { MailboxProblemKind } from './mailbox-problem.js';
import type { MailboxRecord } from './mailbox-record.js';
import { rulesSkipEverything, type RuleTally } from './rule-tally.js';
import { SYNC_ADVICE, type SyncFailureKind, type SyncNoticeKind } from './sync-failure.js';
import type { SyncRun } from './sync-run.js';

export type SyncHealthStatus = 'healthy' | 'degraded' | 'failing' | 'stalled';

/** Schedule intervals without a finished run after which a mailbox counts as stalled. */
export const STALLED_AFTER_INTERVALS = 3;

export interface SyncHealth {
  readonly status: SyncHealthStatus;
  readonly lastSuccessAt?: string;
  /** When the mailbox counts (or will count) as stalled unless a run finishes before. */
  readonly stalledAt: string;
  readonly advice: readonly { readonly kind: SyncFailureKind | SyncNoticeKind; readonly text: string }[];
  readonly runs: readonly SyncRun[];
}

export interface HealthInput {
  readonly mailbox: Pick<MailboxRecord, 'paused' | 'lastSyncAt' | 'createdAt'>;
  /** Newest first. */
  readonly runs: readonly SyncRun[];
  readonly problems: Readonly<Record<MailboxProblemKind, number>>;
  readonly now: Date;
  readonly intervalMs: number;
  /** What the rules kept and skipped on the last days (rule-tally.ts). */
  readonly ruleTallies?: readonly RuleTally[];
}

/**
 * When a connected mailbox counts as stalled: STALLED_AFTER_INTERVALS schedule intervals after its
 * last finished run, or after it was connected when no run ever finished. Paused ones never stall.
 */
export function stalledAt(mailbox: Pick<MailboxRecord, 'lastSyncAt' | 'createdAt'>, intervalMs: number): Date {
  return new Date(Date.parse(mailbox.lastSyncAt ?? mailbox.createdAt) + STALLED_AFTER_INTERVALS * intervalMs);
}

export function isStalled(mailbox: Pick<MailboxRecord, 'lastSyncAt' | 'createdAt' | 'paused'>, now: Date, intervalMs: number): boolean {
  return !mailbox.paused && now.getTime() >= stalledAt(mailbox, intervalMs).getTime();
}

/**
 * The health of one mailbox from its last runs: stalled when nothing finished in three intervals and nothing
 * even ran lately; failing when the latest run failed; degraded when it succeeded but earlier runs
 * failed, the provider throttled, mail was skipped as too large, or the rules skipped every new
 * message; healthy otherwise.
 */
export function mailboxHealth(input: HealthInput): SyncHealth {
  const { mailbox, runs, now, intervalMs } = input;
  const latest = runs[0];
  const stallAt = stalledAt(mailbox, intervalMs);
  const stalled = isStalled(mailbox, now, intervalMs);
  const latestIsRecent = latest !== undefined && now.getTime() - Date.parse(latest.startedAt) < STALLED_AFTER_INTERVALS * intervalMs;
  const kinds = new Set<SyncFailureKind | SyncNoticeKind>();
  const failed = latest?.outcome === 'failed' ? latest.failure : undefined;
  if (failed) kinds.add(failed.kind);
  let status: SyncHealthStatus;
  if (stalled && (!latestIsRecent || !failed)) status = 'stalled';
  else if (failed) status = 'failing';
  else status = 'healthy';
  if (status === 'stalled') kinds.add('stalled');
  if (runs.some((r) => r.failure?.kind === 'throttled')) kinds.add('throttled');
  if (input.problems.too_large > 0) kinds.add('too_large_skipped');
  if (rulesSkipEverything(input.ruleTallies ?? [])) kinds.add('rules_skip_all');
  if (status === 'healthy') {
    const earlierTrouble = runs.slice(0, 5).some((r) => r.outcome === 'failed' && r.failure?.kind !== 'budget');
    if (earlierTrouble || kinds.size > 0) status = 'degraded';
    for (const r of runs.slice(0, 5)) if (r.outcome === 'failed' && r.failure) kinds.add(r.failure.kind);
  }
  return {
    status,
    ...(mailbox.lastSyncAt ? { lastSuccessAt: mailbox.lastSyncAt } : {}),
    stalledAt: stallAt.toISOString(),
    advice: [...kinds].map((kind) => ({ kind, text: SYNC_ADVICE[kind] })),
    runs,
  };
}
