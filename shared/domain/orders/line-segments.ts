import type { CatalogIndex } from './catalog-index.js';
import { AFTER_QUANTITY, CONTAINERS, EACH, FILLERS, INQUIRY, JOINERS, NEVER_CORRECTED, NOT_BEFORE_QUANTITY, NOT_GOODS, PROBLEM, REQUEST, STRONG_REQUEST } from './line-words.js';
import { resolveWords } from './match-evidence.js';
import { isQuantityToken, quantityAt, VAGUE_WORDS, type QuantityMatch } from './quantity-words.js';
import { STOPWORDS, type Token } from './tokens.js';
import { isVariantWord } from './variant-words.js';

/**
 * A line cut into segments (at commas, slashes, "and"…), each with its quantities and the words
 * that may name a product, and into sentences that are tested, once, for requests and problems.
 */
export interface Word {
  readonly at: number;
  readonly norm: string;
  readonly correction?: string;
  /** Other catalog words the same typo is one edit from ("cabel": cable, label). */
  readonly alternatives?: readonly string[];
}
export interface Segment {
  readonly from: number;
  readonly to: number;
  readonly sentence: number;
  readonly words: Word[];
  readonly skus: { readonly at: number; readonly product: number }[];
  readonly quantities: QuantityMatch[];
  readonly each: boolean;
  readonly vague: boolean;
  readonly unknown: number[];
}

const SENTENCE_END = /(\p{L}*)([.!?]+)(?=\s+[\p{L}"'(]|\s*$)/gu;
/** "about 2 kilos", "roughly 200": not a quantity to order by. */
export const APPROXIMATE: ReadonlySet<string> = new Set(['about', 'around', 'roughly', 'approximately', 'approx', 'circa', 'ca', 'ish', 'maybe', 'perhaps']);
const ABBREVIATIONS = new Set([
  'stk', 'pcs', 'pc', 'no', 'nr', 'approx', 'ca', 'etc', 'inc', 'ltd', 'co', 'st', 'rd', 'ave', 'dr', 'mr', 'mrs', 'ms', 'vs', 'eg',
  'ie', 'tel', 'ref', 'qty', 'ea', 'pos', 'kg', 'incl', 'excl', 'max', 'min', 'nos', 'abt', 'sq', 'mob', 'fax',
]);

export function hasWordAt(seg: Segment, at: number): boolean {
  for (const w of seg.words) if (w.at === at) return true;
  return false;
}

/** Sentence of each token; the tests on a sentence's text run only when asked, once. */
export class Sentences {
  readonly ids: number[] = [];
  private readonly bounds: number[] = [];
  private readonly known = new Map<number, number>();

  constructor(private readonly line: string, tokens: readonly Token[]) {
    // a full stop ends a sentence before a capital or the end, not after "Stk." or "approx."
    if (/[.!?]/.test(line)) {
      SENTENCE_END.lastIndex = 0;
      for (let m = SENTENCE_END.exec(line); m !== null; m = SENTENCE_END.exec(line)) {
        if ((m[2] as string) === '.' && ABBREVIATIONS.has((m[1] as string).toLowerCase())) continue;
        this.bounds.push(m.index + m[0].length);
      }
    }
    let s = 0;
    for (const t of tokens) {
      while (s < this.bounds.length && (this.bounds[s] as number) <= t.start) s++;
      this.ids.push(s);
    }
  }

  /** Asks about price or stock (and asks for nothing), or speaks of a past order or a problem. */
  skip(k: number): boolean {
    return (this.flags(k) & SKIP) !== 0;
  }

  problem(k: number): boolean {
    return (this.flags(k) & TROUBLE) !== 0;
  }

  request(k: number): boolean {
    return (this.flags(k) & ASKS) !== 0;
  }

  private flags(k: number): number {
    let v = this.known.get(k);
    if (v === undefined) {
      const t = this.line.slice(k === 0 ? 0 : this.bounds[k - 1], this.bounds[k] ?? this.line.length);
      const trouble = PROBLEM.test(t);
      v = ((INQUIRY.test(t) && !STRONG_REQUEST.test(t)) || trouble ? SKIP : 0) | (trouble ? TROUBLE : 0) | (REQUEST.test(t) ? ASKS : 0);
      this.known.set(k, v);
    }
    return v;
  }
}
const SKIP = 1;
const TROUBLE = 2;
const ASKS = 4;

const SAME_WHAT: ReadonlySet<string> = new Set(['number', 'amount', 'quantity', 'qty']);

/** Quantity expressions by their first token; "the same (number)" refers to the previous quantity (-1). */
export function findQuantities(tokens: readonly Token[]): Map<number, QuantityMatch> {
  const found = new Map<number, QuantityMatch>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    // "the same (number)", "same number please"
    if (t.norm === 'same' && (prev?.norm === 'the' || SAME_WHAT.has(tokens[i + 1]?.norm ?? ''))) {
      const to = SAME_WHAT.has(tokens[i + 1]?.norm ?? '') ? i + 1 : i;
      found.set(i, { value: -1, from: i, to, words: true });
      i = to;
      continue;
    }
    if (!isQuantityToken(t) && t.norm !== 'a' && t.norm !== 'an' && t.norm !== 'half') continue;
    if ((t.norm === 'pair' || t.norm === 'couple') && prev !== undefined && [...found.values()].some((q) => q.to === i - 1)) continue;
    const q = quantityAt(tokens, i);
    if (q === null) continue;
    const before = tokens[i - 1]?.norm ?? '';
    const before2 = tokens[i - 2]?.norm ?? '';
    if (APPROXIMATE.has(before)) found.set(i, { ...q, approximate: true });
    // "10 rather than 6", "instead of 5"; "send this instead: 10 large boxes" has a stop between
    else if (!(NOT_BEFORE_QUANTITY.has(before) && t.start - (prev as Token).end <= 1) && !(before === 'of' && before2 === 'instead')) found.set(i, q);
    i = q.to;
  }
  return found;
}

export function segmentsOf(tokens: readonly Token[], line: string, sentence: readonly number[], quantities: ReadonlyMap<number, QuantityMatch>,
  index: CatalogIndex, allowTypos: boolean): Segment[] {
  const inQuantity = new Set<number>();
  for (const q of quantities.values()) for (let i = q.from; i <= q.to; i++) inQuantity.add(i);
  const segments: Segment[] = [];
  let current: Segment | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const gap = i === 0 ? '' : line.slice((tokens[i - 1] as Token).end, t.start);
    // "vanilla x3 caramel x2": an "x3" after product words ends the item
    const open = current as Segment | null;
    const after = open !== null && i > 1 && tokens[i - 1]?.kind === 'times' && open.words.length > 0;
    const boundary = i > 0 && (sentence[i] !== sentence[i - 1] || /[,;+|/&]|\s[-–—]\s/.test(gap) || after);
    const joiner = !inQuantity.has(i) && JOINERS.has(t.norm);
    if ((boundary || joiner) && current !== null) {
      segments.push(current);
      current = null;
    }
    if (joiner) continue;
    current ??= { from: i, to: i, sentence: sentence[i] as number, words: [], skus: [], quantities: [], each: false, vague: false, unknown: [] };
    const seg: Segment = current;
    (seg as { to: number }).to = i;
    const q = quantities.get(i);
    if (q !== undefined) {
      seg.quantities.push(q);
      i = q.to;
      (seg as { to: number }).to = i;
      continue;
    }
    classify(t, i, tokens, seg, index, allowTypos, line);
  }
  if (current !== null) segments.push(current);
  return segments;
}

function classify(t: Token, i: number, tokens: readonly Token[], seg: Segment, index: CatalogIndex, allowTypos: boolean, line: string): void {
  const mut = seg as { each: boolean; vague: boolean };
  if (t.kind === 'sku') {
    seg.skus.push({ at: i, product: index.skus.get(t.norm) as number });
  } else if (EACH.has(t.norm)) {
    mut.each = true;
  } else if (VAGUE_WORDS.has(t.norm) && t.kind === 'word') {
    mut.vague = true;
  } else if (CONTAINERS.has(t.norm) && (tokens[i + 1]?.norm === 'of' || !index.postings.has(t.norm))) {
    // "5 bags of beans", "6 pairs gloves": the container is how it is sold, not what
  } else if (t.kind === 'spec' || (t.kind === 'word' && (index.postings.has(t.norm) || isVariantWord(t.norm)))) {
    // "Hi, 500 straws", "Hi, cat6 cables": a catalog word that is also small talk counts only right beside another catalog word
    const weak = FILLERS.has(t.norm) && !(isCatalogWord(tokens[i + 1], index) && joined(line, t, tokens[i + 1] as Token))
      && !(isCatalogWord(tokens[i - 1], index) && joined(line, tokens[i - 1] as Token, t));
    if (!STOPWORDS.has(t.norm) && !weak) seg.words.push({ at: i, norm: t.norm });
  } else if (t.kind === 'word' && allowTypos && !FILLERS.has(t.norm) && !NEVER_CORRECTED.has(t.raw.toLowerCase())) {
    const fixed = index.corrections(t.norm);
    const options = fixed.length > 0 ? fixed : index.corrections(t.raw.toLowerCase());
    const [first, ...rest] = options;
    if (first !== undefined) seg.words.push({ at: i, norm: first, correction: `${t.raw} → ${first}`, ...(rest.length > 0 ? { alternatives: rest } : {}) });
    else if (isNoun(t)) seg.unknown.push(i);
  } else if (t.kind === 'word' && isNoun(t)) {
    seg.unknown.push(i);
  }
}

/** Nothing but spaces or a hyphen between two tokens ("hi vis", "hi-vis"), no comma or full stop. */
function joined(line: string, a: Token, b: Token): boolean {
  return /^[\s-]*$/.test(line.slice(a.end, b.start));
}

function isCatalogWord(t: Token | undefined, index: CatalogIndex): boolean {
  return t !== undefined && (t.kind === 'spec' || index.postings.has(t.norm)) && !FILLERS.has(t.norm);
}

function isNoun(t: Token): boolean {
  return t.norm.length >= 3 && !FILLERS.has(t.norm) && !STOPWORDS.has(t.norm) && !NOT_GOODS.has(t.norm) && (/^[a-z]+$/.test(t.norm) || /^\p{L}+$/u.test(t.norm));
}

/**
 * "2 packs of 50 bags": two whole quantities before the words, the first counting containers of
 * the second; the pieces unless the product turns out to be sold by that container (see emit).
 */
function packOf(before: readonly QuantityMatch[], tokens: readonly Token[]): QuantityMatch | null {
  const count = before[before.length - 2];
  const size = before[before.length - 1];
  if (count === undefined || size === undefined || count.approximate || size.approximate || count.fractional || size.fractional) return null;
  const container = tokens[count.to + 1]?.norm ?? '';
  const between = size.from - count.to - 1;
  if (!CONTAINERS.has(container) || !(between === 1 || (between === 2 && tokens[count.to + 2]?.norm === 'of'))) return null;
  return { value: count.value * size.value, from: count.from, to: size.to, words: count.words || size.words, pack: { count: count.value, container } };
}

/** The quantity of a segment: the one before the product words, else after; null if none. */
export function pickQuantity(seg: Segment, tokens: readonly Token[]): QuantityMatch | null | 'conflict' {
  // "we've got two new starters so we need 6 yellow vests": a number counting a noun the catalog does not know is not this item's
  const qs = seg.quantities.length > 1 && seg.unknown.length > 0 ? seg.quantities.filter((q) => !countsUnknown(q, seg, tokens)) : seg.quantities;
  if (qs.length === 0) return null;
  if (qs.length === 1) {
    const q = qs[0] as QuantityMatch;
    const afterWords = seg.words.some((w) => w.at < q.from) && !seg.words.some((w) => w.at > q.to) && seg.skus.length === 0;
    return afterWords && !endsQuantity(q, seg, tokens) ? null : q;
  }
  const firstWord = Math.min(seg.words[0]?.at ?? Infinity, seg.skus[0]?.at ?? Infinity);
  const before = qs.filter((q) => q.to < firstWord);
  const after = qs.filter((q) => q.from > firstWord);
  // "A4 labels (21) x30 sheets": an explicit "x30" beats a bare number after the words
  // "2 boxes of 500 straws", and after the words: "paper straws: 2 boxes of 500"
  const packed = packOf(before, tokens) ?? (before.length === 0 ? packOf(after.slice(0, 2), tokens) : null);
  if (packed !== null) return packed;
  const chosen = before[before.length - 1] ?? after.find((q) => tokens[q.from]?.kind === 'times') ?? after[0] ?? null;
  if (chosen !== null && before.length === 0 && !endsQuantity(chosen, seg, tokens)) return null;
  const other = before.length > 0 ? after[0] : undefined;
  if (chosen !== null && other !== undefined && other.value !== chosen.value && tokens[other.from]?.kind !== 'decimal') return 'conflict';
  return chosen;
}

function countsUnknown(q: QuantityMatch, seg: Segment, tokens: readonly Token[]): boolean {
  for (let i = q.to + 1; i <= Math.min(seg.to, q.to + 3); i++) {
    if (seg.unknown.includes(i)) return true;
    if (hasWordAt(seg, i) || !(STOPWORDS.has((tokens[i] as Token).norm) || FILLERS.has((tokens[i] as Token).norm))) return false;
  }
  return false;
}

/** A quantity after the product ends the item: "Gadget Pro 2 now available" names a model, not 2 of it. */
function endsQuantity(q: QuantityMatch, seg: Segment, tokens: readonly Token[]): boolean {
  const next = tokens[q.to + 1];
  if (next === undefined || q.to >= seg.to || tokens[q.from]?.kind === 'times') return true;
  // "a couple of customers": the number counts the noun after it
  let k = q.to + 1;
  while (k <= seg.to && ['of', 'the', 'those', 'these'].includes((tokens[k] as Token).norm)) k++;
  if (k > q.to + 1 && seg.unknown.includes(k)) return false;
  return AFTER_QUANTITY.has(next.norm) || CONTAINERS.has(next.norm) || seg.words.some((w) => w.at === q.to + 1) || next.kind !== 'word';
}

/**
 * "50 M8 nuts 50 M8 washers", "20 large boxes 10 small boxes": a second quantity between product
 * words, in a segment that starts with its own quantity, starts a second item (nothing separates them
 * in terse mail). Runs after convertSpecNumbers, so a size or the name's own number stays a word.
 */
export function splitRunOnItems(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const seg of segments) {
    let rest = seg;
    for (;;) {
      const cut = runOnCut(rest);
      if (cut === undefined) break;
      const [head, tail] = splitAt(rest, cut);
      out.push(head);
      rest = tail;
    }
    out.push(rest);
  }
  return out;
}

function runOnCut(seg: Segment): number | undefined {
  if (seg.each || seg.vague || seg.quantities.length < 2 || seg.skus.length > 0) return undefined;
  const [first] = seg.quantities as [QuantityMatch];
  if (first.approximate === true || seg.words.some((w) => w.at < first.from) || seg.unknown.some((u) => u < first.from)) return undefined;
  for (const q of seg.quantities.slice(1)) {
    if (q.approximate === true || q.fractional === true || q.pack !== undefined) continue;
    const before = seg.words.some((w) => w.at === q.from - 1);
    const after = seg.words.some((w) => w.at === q.to + 1) || (seg.words.some((w) => w.at === q.to + 2) && !seg.unknown.includes(q.to + 1));
    if (before && after && seg.words.some((w) => w.at > first.to && w.at < q.from)) return q.from;
  }
  return undefined;
}

function splitAt(seg: Segment, at: number): [Segment, Segment] {
  // the same shape as segmentsOf builds: segments are read in hot paths
  const part = (lo: number, hi: number): Segment => ({
    from: lo, to: hi, sentence: seg.sentence,
    words: seg.words.filter((w) => w.at >= lo && w.at <= hi),
    skus: [],
    quantities: seg.quantities.filter((q) => q.from >= lo && q.from <= hi),
    each: seg.each, vague: seg.vague,
    unknown: seg.unknown.filter((u) => u >= lo && u <= hi),
  });
  return [part(seg.from, at - 1), part(at, seg.to)];
}

/** "steel hinge 75 and shelf bracket 300, twenty each", "12 steel hinges (75)", "50 labels 21 per sheet": bare numbers after product words that are sizes or the name's own number. */
export function convertSpecNumbers(segments: Segment[], tokens: readonly Token[], index: CatalogIndex): void {
  segments.forEach((seg, k) => {
    const eachLater = segments.slice(k + 1).some((s) => s.sentence === seg.sentence && s.each && s.quantities.length > 0);
    if (seg.quantities.length < 2 && !(eachLater && seg.quantities.length === 1)) return;
    for (const q of [...seg.quantities]) {
      if (seg.quantities.length < (eachLater ? 1 : 2)) break;
      const t = tokens[q.from] as Token;
      // "hinges 75" is the 75mm one; "labels 21 per sheet" says the catalog's own number
      const spec = index.postings.has(`${t.raw}mm`) ? `${t.raw}mm` : t.raw;
      if (q.from !== q.to || t.kind !== 'int' || !index.postings.has(spec) || !seg.words.some((w) => w.at < q.from)) continue;
      const words = [...seg.words.map((w) => w.norm), spec];
      if (resolveWords(words, index).products.length === 0) continue;
      seg.quantities.splice(seg.quantities.indexOf(q), 1);
      seg.words.push({ at: q.from, norm: spec });
    }
  });
}

