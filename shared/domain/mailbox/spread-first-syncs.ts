/** Seconds between two first syncs at the same mail host. */
export const FIRST_SYNC_SPACING_SECONDS = 10;
/** SQS caps a message delay at 15 minutes. */
const MAX_DELAY_SECONDS = 900;

/**
 * Delays for the scheduled fan-out: a mailbox that never finished a sync (its first sync downloads
 * the whole window) waits 10 s more than the previous such mailbox at the same host, so a batch of
 * new Gmail or Microsoft 365 mailboxes does not hit the provider at once. Others go at once.
 */
export function spreadFirstSyncs(mailboxes: readonly { host?: string; lastSyncAt?: string }[]): number[] {
  const seen = new Map<string, number>();
  return mailboxes.map((m) => {
    if (m.lastSyncAt) return 0;
    const host = (m.host ?? '').toLowerCase();
    const k = seen.get(host) ?? 0;
    seen.set(host, k + 1);
    return Math.min(k * FIRST_SYNC_SPACING_SECONDS, MAX_DELAY_SECONDS);
  });
}
