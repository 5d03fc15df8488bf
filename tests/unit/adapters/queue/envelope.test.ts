import { describe, expect, it } from 'vitest';
import { ENVELOPE_MAX_JOBS, openEnvelope, packEnvelopes } from '../../../../shared/adapters/queue/envelope.js';

describe('packEnvelopes', () => {
  it('packs jobs in order up to the byte and job limits, and lets a job too big to share travel alone', () => {
    const bodies = ['{"n":0}', 'x'.repeat(90), '{"n":2}', '{"n":3}'].map((b, i) => (i === 1 ? JSON.stringify({ big: b }) : b));

    const packed = packEnvelopes(bodies, 64);

    expect(packed.map((e) => e.indexes)).toEqual([[0], [1], [2, 3]]);
    expect(packed[1]!.body).toBe(bodies[1]);
    expect(JSON.parse(packed[2]!.body)).toEqual({ v: 1, jobs: [{ n: 2 }, { n: 3 }] });
    expect(packed.filter((e) => e.indexes.length > 1).every((e) => Buffer.byteLength(e.body) <= 64)).toBe(true);
  });

  it('puts at most ENVELOPE_MAX_JOBS jobs in one envelope', () => {
    const packed = packEnvelopes(Array.from({ length: ENVELOPE_MAX_JOBS + 1 }, (_, n) => JSON.stringify({ n })));

    expect(packed.map((e) => e.indexes.length)).toEqual([ENVELOPE_MAX_JOBS, 1]);
  });
});

describe('openEnvelope', () => {
  it('reads the jobs of an envelope and takes any other message as one job', () => {
    expect(openEnvelope({ v: 1, jobs: [{ a: 1 }, { a: 2 }] })).toEqual({ jobs: [{ a: 1 }, { a: 2 }], enveloped: true });
    expect(openEnvelope({ v: 1, kind: 'link' })).toEqual({ jobs: [{ v: 1, kind: 'link' }], enveloped: false });
    expect(openEnvelope('text')).toEqual({ jobs: ['text'], enveloped: false });
  });
});
