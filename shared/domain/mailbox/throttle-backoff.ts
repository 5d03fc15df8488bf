import type { ServerWords } from './sync-failure.js';
import type { SyncBackoff } from './sync-run.js';

/** The first wait after a throttled run; it doubles with each throttled run in a row. */
export const THROTTLE_BASE_MS = 2 * 60_000;
/** The longest wait we choose ourselves (a provider's own hint may be longer, up to a day). */
export const THROTTLE_MAX_MS = 60 * 60_000;
const HINT_MAX_MS = 24 * 3_600_000;

/**
 * The back-off after a throttled run: the provider's own hint when it gives one (Microsoft 365:
 * "Suggested Backoff Time: 92415 milliseconds"), else 2, 4, 8 ... minutes up to an hour.
 */
export function nextBackoff(previous: SyncBackoff | undefined, server: ServerWords | undefined, now: Date): SyncBackoff {
  const count = (previous?.count ?? 0) + 1;
  const hint = /Backoff Time[:=\s]+(\d+)/i.exec(server?.text ?? '');
  const ms = hint ? Math.min(Number(hint[1]), HINT_MAX_MS) : Math.min(THROTTLE_BASE_MS * 2 ** (count - 1), THROTTLE_MAX_MS);
  return { until: new Date(now.getTime() + ms).toISOString(), count };
}
