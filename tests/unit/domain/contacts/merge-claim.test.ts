import { describe, expect, it } from 'vitest';
import { MergeInProgressError } from '../../../../shared/domain/contacts/contact-errors.js';
import { assertUnclaimed, claimHolds } from '../../../../shared/domain/contacts/merge-claim.js';

const now = new Date('2026-11-29T06:00:00.000Z');
const claim = (overrides: { until?: string; moved?: boolean } = {}) =>
  ({ jobId: 'J1', masterId: 'X', mergedIds: ['Y'], until: '2026-11-29T06:02:00.000Z', ...overrides });

describe('merge claims', () => {
  it('holds a record until the claim lapses while nothing moved', () => {
    expect(claimHolds(claim(), now)).toBe(true);
    expect(claimHolds(claim({ until: '2026-11-29T05:59:59.999Z' }), now)).toBe(false);
    expect(claimHolds(undefined, now)).toBe(false);
  });

  it('never lapses once items moved', () => {
    expect(claimHolds(claim({ until: '2020-01-01T00:00:00.000Z', moved: true }), now)).toBe(true);
  });

  it('refuses other merges and edits and names the merge that holds the record', () => {
    const held = { mergeClaim: claim({ moved: true }) };

    expect(() => assertUnclaimed(held, 'contact', now)).toThrow(MergeInProgressError);
    expect(() => assertUnclaimed(held, 'contact', now, 'J2')).toThrow(expect.objectContaining({ code: 'merge-in-progress', extra: { masterId: 'X', mergedIds: ['Y'] } }));
    expect(() => assertUnclaimed(held, 'contact', now, 'J1')).not.toThrow();
    expect(() => assertUnclaimed({ mergeClaim: claim({ until: '2026-11-29T05:00:00.000Z' }) }, 'contact', now)).not.toThrow();
  });
});
