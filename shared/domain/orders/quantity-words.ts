import type { Token } from './tokens.js';

/**
 * Quantities written in words. Accepted: one … nineteen, twenty … ninety and compounds
 * ("twenty-five", "twenty five"), "a hundred"/"one hundred", "dozen" (12), "N dozen" /
 * "two dozen" (N × 12), "a dozen", "half a dozen" (6), "a couple (of)" and "a pair (of)" (2).
 * Not accepted: "a"/"an" alone (too often an article: "is a Gadget Pro available?"), and vague
 * words ("a few", "several", "some"), which give a warning instead of a guess.
 */
const UNITS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
/** Words that suggest an amount without stating one. */
export const VAGUE_WORDS: ReadonlySet<string> = new Set(['few', 'several', 'some', 'many', 'bunch', 'lot']);

const NUMBER_WORDS: ReadonlySet<string> = new Set([...Object.keys(UNITS), ...Object.keys(TENS), 'dozen', 'couple', 'pair', 'hundred']);

/** True when the token can start or end a quantity expression. */
export function isQuantityToken(t: Token): boolean {
  if (t.kind === 'int' || t.kind === 'times' || t.kind === 'decimal') return true;
  return t.kind === 'word' && NUMBER_WORDS.has(t.norm);
}

/** A parsed quantity spanning tokens `from`..`to` (inclusive). */
export interface QuantityMatch {
  readonly value: number;
  readonly from: number;
  readonly to: number;
  readonly words: boolean;
  /** "2.5": a number that is not whole, which the caller reports instead of rounding. */
  readonly fractional?: boolean;
}

function simpleWordValue(tokens: readonly Token[], i: number): { value: number; from: number } | null {
  const t = tokens[i];
  if (t === undefined || t.kind !== 'word') return null;
  const unit = UNITS[t.norm];
  if (unit !== undefined) {
    const tens = tokens[i - 1];
    if (unit < 10 && tens !== undefined && tens.kind === 'word' && TENS[tens.norm] !== undefined) {
      return { value: (TENS[tens.norm] as number) + unit, from: i - 1 };
    }
    return { value: unit, from: i };
  }
  const ten = TENS[t.norm];
  if (ten !== undefined) return { value: ten, from: i };
  if (t.norm === 'hundred') {
    const before = tokens[i - 1];
    if (before?.norm === 'a') return { value: 100, from: i - 1 };
    const n = simpleWordValue(tokens, i - 1);
    return n !== null && n.value < 10 ? { value: n.value * 100, from: n.from } : { value: 100, from: i };
  }
  return null;
}

/** Reads the quantity expression that ends at token `end`, looking backwards. */
export function quantityEndingAt(tokens: readonly Token[], end: number): QuantityMatch | null {
  const t = tokens[end];
  if (t === undefined) return null;
  if (t.kind === 'int' || t.kind === 'times') return { value: t.value as number, from: end, to: end, words: false };
  if (t.kind === 'decimal') return { value: Number.NaN, from: end, to: end, words: false, fractional: true };
  if (t.kind !== 'word') return null;
  if (t.norm === 'dozen') {
    const before = tokens[end - 1];
    if (before?.kind === 'int') return { value: (before.value as number) * 12, from: end - 1, to: end, words: true };
    if (before?.norm === 'a') {
      const half = tokens[end - 2]?.norm === 'half';
      return { value: half ? 6 : 12, from: half ? end - 2 : end - 1, to: end, words: true };
    }
    const n = simpleWordValue(tokens, end - 1);
    return n ? { value: n.value * 12, from: n.from, to: end, words: true } : { value: 12, from: end, to: end, words: true };
  }
  if (t.norm === 'couple' || t.norm === 'pair') {
    const from = tokens[end - 1]?.norm === 'a' ? end - 1 : end;
    return { value: 2, from, to: end, words: true };
  }
  const n = simpleWordValue(tokens, end);
  return n ? { value: n.value, from: n.from, to: end, words: true } : null;
}

/** Reads the quantity expression that starts at token `start`, looking forwards. */
export function quantityStartingAt(tokens: readonly Token[], start: number): QuantityMatch | null {
  let best: QuantityMatch | null = null;
  for (let end = start; end < Math.min(tokens.length, start + 3); end++) {
    const q = quantityEndingAt(tokens, end);
    if (q !== null && q.from === start) best = q;
    else if (q === null && end > start) break;
  }
  return best;
}
