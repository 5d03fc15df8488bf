import type { Log } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { isStalled } from './sync-health.js';

export interface ConnectedMailbox {
  readonly spaceId: string;
  readonly id: string;
  readonly createdAt: string;
  readonly lastSyncAt?: string;
  /** The mail host, to spread first syncs per provider. */
  readonly host?: string;
}

export interface ReportStalledDeps {
  readonly metrics: Metrics;
  readonly log: Log;
  readonly now: () => Date;
  readonly intervalMs: number;
  /** The metric's name (SYNC_HEALTH_METRIC.name). */
  readonly metricName: string;
}

/**
 * Counts the connected mailboxes with no finished run in three schedule intervals and emits the
 * count every poll, 0 included: the alarm fires on a count above 0 and on a missing count (the
 * poller itself not running). Each stalled mailbox is logged with its ids.
 */
export function reportStalledMailboxes(deps: ReportStalledDeps, mailboxes: readonly ConnectedMailbox[]): number {
  const now = deps.now();
  const stalled = mailboxes.filter((m) => isStalled({ ...m, paused: false }, now, deps.intervalMs));
  for (const m of stalled) deps.log.warn('mailbox sync stalled', { spaceId: m.spaceId, mailboxId: m.id, lastSyncAt: m.lastSyncAt ?? null });
  deps.metrics.count(deps.metricName, stalled.length);
  return stalled.length;
}
