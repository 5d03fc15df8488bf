import type { Token } from './tokens.js';

/**
 * Quantities written in digits or words. Accepted: digits (also "1,000", "1.000", "2 000", "3k",
 * "x3", "3x", "50pcs"); one … nineteen, twenty … ninety and compounds ("twenty-five"); "hundred",
 * "thousand" with or without a number before ("a hundred", "twelve hundred", "one hundred and
 * twenty", "two thousand"); "dozen" (12), "N dozen", "half a dozen" (6), "gross" (144); "a couple
 * (of)" and "a pair (of)" (2). Not accepted: "a"/"an" alone (too often an article), and vague words
 * ("a few", "several", "some"), which give a warning instead of a guess.
 */
const UNITS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const GROUPS: Readonly<Record<string, number>> = { dozen: 12, gross: 144, hundred: 100, thousand: 1000 };
/** Words that suggest an amount without stating one. */
export const VAGUE_WORDS: ReadonlySet<string> = new Set(['few', 'several', 'some', 'many', 'bunch', 'lot']);

const PRONOUN_BEFORE: ReadonlySet<string> = new Set(['this', 'that', 'the', 'which', 'each', 'any', 'every', 'no', 'other', 'quick', 'last', 'only', 'good', 'big']);
const NUMBER_WORDS: ReadonlySet<string> = new Set([...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(GROUPS), 'couple', 'pair']);

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
  /** "about 200": said as an estimate, which the caller reports instead of ordering. */
  readonly approximate?: boolean;
  /** "2 packs of 50": `value` is the pieces (100); `count` packs of the `container` word. */
  readonly pack?: { readonly count: number; readonly container: string };
}

/** Reads the quantity expression that starts at token `start`, or null. */
export function quantityAt(tokens: readonly Token[], start: number): QuantityMatch | null {
  const t = tokens[start];
  if (t === undefined) return null;
  if (t.kind === 'decimal') return { value: Number.NaN, from: start, to: start, words: false, fractional: true };
  if (t.kind === 'times') return { value: t.value as number, from: start, to: start, words: false };
  if (t.kind === 'int') {
    const group = GROUPS[tokens[start + 1]?.norm ?? ''];
    if (group !== undefined && group !== 100 && tokens[start + 1]?.kind === 'word') {
      return { value: (t.value as number) * group, from: start, to: start + 1, words: true };
    }
    return { value: t.value as number, from: start, to: start, words: false };
  }
  if (t.kind !== 'word') return null;
  if (t.norm === 'half' && tokens[start + 1]?.norm === 'a' && tokens[start + 2]?.norm === 'dozen') {
    return { value: 6, from: start, to: start + 2, words: true };
  }
  if (t.norm === 'a' || t.norm === 'an') {
    const next = tokens[start + 1]?.norm ?? '';
    if (next === 'couple' || next === 'pair') return { value: 2, from: start, to: start + 1, words: true };
    if (GROUPS[next] === undefined) return null;
    const rest = wordNumber(tokens, start + 1, 1);
    return rest === null ? null : { ...rest, from: start };
  }
  if (t.norm === 'couple' || t.norm === 'pair') return { value: 2, from: start, to: start, words: true };
  // "the black ones", "this one": a pronoun, not a quantity
  if (t.norm === 'one' && (t.raw.toLowerCase() === 'ones' || PRONOUN_BEFORE.has(tokens[start - 1]?.norm ?? ''))) return null;
  return wordNumber(tokens, start, undefined);
}

/** "twenty five", "twelve hundred", "one hundred and twenty", "two dozen", "two thousand". */
function wordNumber(tokens: readonly Token[], start: number, lead: number | undefined): QuantityMatch | null {
  let i = start;
  let value = lead ?? small(tokens, i);
  if (lead === undefined) {
    if (value === null) return GROUPS[tokens[i]?.norm ?? ''] !== undefined ? group(tokens, i, 1) : null;
    i += value >= 20 && value % 10 !== 0 ? 2 : 1;
  }
  const g = GROUPS[tokens[i]?.norm ?? ''];
  if (g === undefined) return { value: value as number, from: start, to: i - 1, words: true };
  return group(tokens, i, value as number, start);
}

function group(tokens: readonly Token[], i: number, times: number, from = i): QuantityMatch {
  let value = times * (GROUPS[tokens[i]?.norm ?? ''] as number);
  let to = i;
  if (tokens[i]?.norm === 'hundred') {
    const and = tokens[to + 1]?.norm === 'and' ? 1 : 0;
    const rest = small(tokens, to + 1 + and);
    if (rest !== null && rest < 100) {
      value += rest;
      to += and + (rest >= 20 && rest % 10 !== 0 ? 2 : 1);
    }
    if (tokens[to + 1]?.norm === 'thousand') {
      value *= 1000;
      to++;
    }
  }
  return { value, from, to, words: true };
}

/** One to ninety-nine in words ("twenty five" as two tokens), or null. */
function small(tokens: readonly Token[], i: number): number | null {
  const t = tokens[i];
  if (t === undefined || t.kind !== 'word') return null;
  const unit = UNITS[t.norm];
  if (unit !== undefined) return unit;
  const ten = TENS[t.norm];
  if (ten === undefined) return null;
  const next = UNITS[tokens[i + 1]?.norm ?? ''];
  return next !== undefined && next < 10 ? ten + next : ten;
}
