import { describe, expect, it } from 'vitest';
import { FIRST_SYNC_SPACING_SECONDS, spreadFirstSyncs } from '../../../../shared/domain/mailbox/spread-first-syncs.js';
import { nextBackoff, THROTTLE_BASE_MS, THROTTLE_MAX_MS } from '../../../../shared/domain/mailbox/throttle-backoff.js';

const NOW = new Date('2026-11-29T10:00:00.000Z');
const waitOf = (b: { until: string }) => Date.parse(b.until) - NOW.getTime();

describe('nextBackoff', () => {
  it('doubles the wait with each throttled run in a row, up to an hour', () => {
    let backoff = nextBackoff(undefined, undefined, NOW);
    const waits = [waitOf(backoff)];
    for (let i = 0; i < 7; i++) {
      backoff = nextBackoff(backoff, undefined, NOW);
      waits.push(waitOf(backoff));
    }

    expect(waits.slice(0, 4)).toEqual([THROTTLE_BASE_MS, 2 * THROTTLE_BASE_MS, 4 * THROTTLE_BASE_MS, 8 * THROTTLE_BASE_MS]);
    expect(waits.at(-1)).toBe(THROTTLE_MAX_MS);
    expect(backoff.count).toBe(8);
  });

  it("follows Microsoft 365's suggested back-off time", () => {
    const backoff = nextBackoff(undefined, { text: 'Request is throttled. Suggested Backoff Time: 92415 milliseconds' }, NOW);

    expect(waitOf(backoff)).toBe(92_415);
  });
});

describe('spreadFirstSyncs', () => {
  it('spaces first syncs at the same host and sends the others at once', () => {
    const delays = spreadFirstSyncs([
      { host: 'imap.gmail.com' }, { host: 'IMAP.GMAIL.COM' }, { host: 'outlook.office365.com' },
      { host: 'imap.gmail.com', lastSyncAt: '2026-11-29T09:55:00.000Z' }, { host: 'imap.gmail.com' },
    ]);

    expect(delays).toEqual([0, FIRST_SYNC_SPACING_SECONDS, 0, 0, 2 * FIRST_SYNC_SPACING_SECONDS]);
  });

  it('never asks SQS for more than its 15-minute delay', () => {
    expect(Math.max(...spreadFirstSyncs(Array.from({ length: 500 }, () => ({ host: 'imap.gmail.com' }))))).toBe(900);
  });
});
