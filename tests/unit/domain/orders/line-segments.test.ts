import { describe, expect, it } from 'vitest';
import { Sentences } from '../../../../shared/domain/orders/line-segments.js';
import { tokenize } from '../../../../shared/domain/orders/tokens.js';

/** The sentence pattern before it learnt to start only where a run of letters starts. */
const REFERENCE_END = /(\p{L}*)([.!?]+)(?=\s+[\p{L}"'(]|\s*$)/gu;
const ABBREVIATIONS = new Set(['stk', 'pcs', 'approx', 'etc', 'qty', 'no', 'ca']);

function referenceIds(line: string): number[] {
  const bounds: number[] = [];
  for (const m of line.matchAll(REFERENCE_END)) {
    if (m[2] === '.' && ABBREVIATIONS.has((m[1] as string).toLowerCase())) continue;
    bounds.push((m.index as number) + m[0].length);
  }
  return tokenize(line, () => false).map((t) => bounds.filter((b) => b <= t.start).length);
}

/** A seeded generator, so a failure names a line that can be replayed. */
function lines(count: number): string[] {
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = ['Send', 'stk', 'pcs', 'approx', 'boxes', 'É', 'ö', '5', '20', '.', '..', '!', '?', ' ', '  ', '"', "'", '(', 'x', 'Qty', 'etc', 'No', 'ok'];
  return Array.from({ length: count }, () => Array.from({ length: 2 + next(14) }, () => pieces[next(pieces.length)]).join(''));
}

describe('Sentences', () => {
  it('cuts lines into the same sentences as the full-scan pattern, on 10,000 generated lines', () => {
    const generated = lines(10_000);
    const differing = generated.filter((line) => JSON.stringify(new Sentences(line, tokenize(line, () => false)).ids) !== JSON.stringify(referenceIds(line)));

    expect(differing).toEqual([]);
    expect(generated.filter((line) => referenceIds(line).some((id) => id > 0)).length).toBeGreaterThan(400);
  });

  it('ends a sentence after a word and a full stop before a capital, not after an abbreviation', () => {
    const line = 'Please send 5 boxes. Also 20 stk. cups!';

    expect(new Sentences(line, tokenize(line, () => false)).ids).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });
});
