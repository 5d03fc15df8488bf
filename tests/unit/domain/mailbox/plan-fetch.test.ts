import { describe, expect, it } from 'vitest';
import { planFetch } from '../../../../shared/domain/mailbox/plan-fetch.js';

const limits = { maxMessageBytes: 10_000, streamAboveBytes: 1_000, batchBytes: 2_000, batchCount: 3 };
const sized = (entries: [number, number][]) => new Map(entries.map(([uid, size]) => [uid, { size, internalDate: new Date(0) }]));

describe('planFetch', () => {
  it('batches small mail by bytes and count, streams big mail alone and keeps mail above the cap as headers', () => {
    const sizes = sized([[1, 900], [2, 900], [3, 900], [4, 5_000], [5, 100], [6, 100], [7, 100], [8, 100], [9, 20_000]]);

    const steps = planFetch([9, 1, 2, 3, 4, 5, 6, 7, 8], sizes, limits);

    expect(steps.map((s) => (s.kind === 'batch' ? [s.kind, s.uids] : [s.kind, s.uid]))).toEqual([
      ['batch', [1, 2]], ['batch', [3]], ['stream', 4], ['batch', [5, 6, 7]], ['batch', [8]], ['headers', 9],
    ]);
    expect(steps.map((s) => s.lastUid)).toEqual([2, 3, 4, 7, 8, 9]);
  });

  it('fetches a UID whose size the server would not tell on its own, streamed', () => {
    const steps = planFetch([1, 2, 3], sized([[1, 10], [2, Number.NaN], [3, 10]]), limits);

    expect(steps.map((s) => s.kind)).toEqual(['batch', 'stream', 'batch']);
  });

  it('gives no step to a UID without a size (expunged since the search)', () => {
    const steps = planFetch([1, 2, 3], sized([[1, 10], [3, 10]]), limits);

    expect(steps).toEqual([{ kind: 'batch', uids: [1, 3], bytes: 20, lastUid: 3 }]);
  });
});
