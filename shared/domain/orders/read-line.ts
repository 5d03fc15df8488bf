import type { CatalogIndex } from './catalog-index.js';
import { findMentions, type Mention } from './find-mentions.js';
import type { LogicalLine } from './logical-lines.js';
import { maskNoise, stripBullet } from './mask-noise.js';
import { isQuantityToken, quantityEndingAt, quantityStartingAt, VAGUE_WORDS, type QuantityMatch } from './quantity-words.js';
import { tokenize, type Token } from './tokens.js';

/** A product with a quantity found in one line, before merging across the mail. */
export interface LineHit {
  readonly product: number;
  readonly quantity: number;
  readonly confidence: number;
  readonly warnings: readonly string[];
  readonly source: string;
  /** Written as an addition ("2 more", "another 3"), so it adds to an earlier mention. */
  readonly additive: boolean;
}

/** What one line yields: hits, warnings for the mail, and products named without a quantity. */
export interface LineReading {
  readonly hits: LineHit[];
  readonly warnings: string[];
  readonly unquantified: number[];
}

export const MAX_QUANTITY = 10_000;
const BEFORE_GAP = /^[\s×*]*$/u;
const AFTER_GAP = /^[\s:=×*.(\[|/–—-]*$/u;
const BEFORE_FILLERS = new Set(['x', 'of', 'the', 'more', 'additional', 'extra', 'new', 'pcs', 'pc', 'piece', 'unit', 'no', 'your', 'these', 'those']);
const AFTER_FILLERS = new Set(['x', 'qty', 'quantity', 'qnty', 'quantitie']);
const AFTER_OK = new Set([
  'pcs', 'pc', 'piece', 'unit', 'nos', 'each', 'ea', 'please', 'pls', 'plz', 'x', 'for', 'and', 'to', 'thank',
  'thanks', 'asap', 'per', 'total', 'in', 'by', 'too', 'also', 'only', 'off', 'qty', 'item', 'then',
]);
/** Containers sold as one unit: "2 boxes of nitrile gloves", "a dozen rolls of 3m tape". */
const CONTAINERS = new Set(['box', 'pack', 'packet', 'roll', 'tube', 'bottle', 'can', 'bag', 'carton', 'set']);
const UNIT_WORDS = new Set(['pcs', 'pc', 'piece', 'unit', 'nos', 'ea', 'each']);
const ADDITIVE = new Set(['more', 'another', 'additional', 'extra', 'plus', 'also']);
const PROBLEM = /\b(?:ordered|bought|purchased|received|returned|broken|damaged|faulty|defective|missing|refunds?)\b/i;

/** Reads one logical line: mentions, their quantities, and the warnings that replace guesses. */
export function readLine(line: LogicalLine, index: CatalogIndex): LineReading {
  const reading: LineReading = { hits: [], warnings: [], unquantified: [] };
  const isSku = (upper: string): boolean => index.skus.has(upper);
  const { text, listItem } = stripBullet(line.text);
  const masked = maskNoise(text, isSku);
  const tokens = tokenize(masked, isSku);
  const hasQuantity = tokens.some(isQuantityToken);
  const mentions = findMentions(tokens, masked, index, hasQuantity);
  const quote = (from: number, to: number): string =>
    line.structured ? line.source : text.slice((tokens[from] as Token).start, (tokens[to] as Token).end).trim();
  if (mentions.length === 0) {
    if (hasQuantity && tokens.some((t) => t.kind === 'word' && t.norm.length > 2) && (line.structured || listItem || /\d\s*[x×]\s+\p{L}|\p{L}\s+[x×]\s*\d/u.test(masked))) {
      reading.warnings.push(`No catalog product found in "${clip(line.source)}"`);
    }
    return reading;
  }
  const sides = mentions.map((m, k) => ({
    before: quantityBefore(tokens, masked, m),
    after: quantityAfter(tokens, masked, m, mentions[k + 1]),
  }));
  const first = sides.find((s) => s.before !== null || s.after !== null);
  const preferBefore = first?.before != null;
  const consumed = new Set<number>();
  mentions.forEach((m, k) => {
    const { before, after } = sides[k] as { before: QuantityMatch | null; after: QuantityMatch | null };
    const free = (q: QuantityMatch | null): q is QuantityMatch => q !== null && !consumed.has(q.from) && !consumed.has(q.to);
    const primary = preferBefore ? before : after;
    const secondary = preferBefore ? after : before;
    const q = free(primary) ? primary : free(secondary) ? secondary : null;
    const from = q === null ? m.from : Math.min(q.from, m.from);
    const to = q === null ? m.to : Math.max(q.to, m.to);
    const said = quote(from, to);
    if (q === null) {
      noQuantity(m, tokens, said, line.structured, reading);
      return;
    }
    for (let i = q.from; i <= q.to; i++) consumed.add(i);
    if (mentions.length === 1 && before !== null && after !== null && before.value !== after.value) {
      reading.warnings.push(`Two quantities for one product in "${clip(said)}"; not added`);
    } else if (q.fractional === true || q.value < 1 || q.value > MAX_QUANTITY) {
      reading.warnings.push(`Quantity in "${clip(said)}" is not a whole number from 1 to ${MAX_QUANTITY}; not added`);
    } else if (m.candidates.length > 1) {
      const names = m.candidates.slice(0, 4).map((c) => index.products[c]?.name).join(', ');
      reading.warnings.push(`"${clip(said)}" could be ${m.candidates.length} products (${names}); not added`);
    } else if (index.products[m.candidates[0] as number]?.active === false) {
      reading.warnings.push(`"${clip(said)}" names a product that is no longer active; not added`);
    } else if (PROBLEM.test(masked)) {
      reading.warnings.push(`"${clip(said)}" reads like a past order or a complaint; not added`);
    } else {
      reading.hits.push(hitFor(m, q, q === secondary, said, tokens, index));
    }
  });
  return reading;
}

function hitFor(m: Mention, q: QuantityMatch, fallback: boolean, said: string, tokens: readonly Token[], index: CatalogIndex): LineHit {
  const product = m.candidates[0] as number;
  const warnings: string[] = [];
  let confidence = 1;
  if (!m.exact) {
    confidence *= 0.8;
    warnings.push(`"${clip(said)}" matched part of the name "${index.products[product]?.name}"`);
  }
  if (m.corrections.length > 0) {
    confidence *= 0.75;
    warnings.push(`Read a typo as a catalog word: ${m.corrections.join(', ')}`);
  }
  if (q.words) confidence *= 0.95;
  if (fallback) confidence *= 0.9;
  const near = tokens.slice(Math.max(0, Math.min(q.from, m.from) - 2), Math.max(q.from, m.from));
  const additive = near.some((t) => ADDITIVE.has(t.norm));
  return { product, quantity: q.value, confidence: Math.round(confidence * 100) / 100, warnings, source: said, additive };
}

function noQuantity(m: Mention, tokens: readonly Token[], said: string, structured: boolean, reading: LineReading): void {
  const before = tokens.slice(Math.max(0, m.from - 3), m.from);
  if (before.some((t) => VAGUE_WORDS.has(t.norm))) {
    reading.warnings.push(`No exact quantity in "${clip(said)}"; not added`);
  } else if (m.candidates.length === 1) {
    if (structured) reading.warnings.push(`No quantity for "${clip(said)}"; not added`);
    else reading.unquantified.push(m.candidates[0] as number);
  }
}

function gap(line: string, tokens: readonly Token[], left: number): string {
  return line.slice((tokens[left] as Token).end, (tokens[left + 1] as Token).start);
}

function quantityBefore(tokens: readonly Token[], line: string, m: Mention): QuantityMatch | null {
  let p = m.from - 1;
  const skippable = (t: Token): boolean => BEFORE_FILLERS.has(t.norm) || CONTAINERS.has(t.norm);
  while (p >= 0 && skippable(tokens[p] as Token) && BEFORE_GAP.test(gap(line, tokens, p))) p--;
  if (p < 0 || !BEFORE_GAP.test(gap(line, tokens, p))) return null;
  const q = quantityEndingAt(tokens, p);
  if (q === null) return null;
  for (let i = q.from; i < q.to; i++) if (!/^[\s-]*$/.test(gap(line, tokens, i))) return null;
  return q;
}

function quantityAfter(tokens: readonly Token[], line: string, m: Mention, next: Mention | undefined): QuantityMatch | null {
  let p = m.to + 1;
  if (p >= tokens.length) return null;
  const firstGap = gap(line, tokens, m.to);
  let skipped = false;
  while (p < tokens.length && AFTER_FILLERS.has((tokens[p] as Token).norm) && AFTER_GAP.test(gap(line, tokens, p - 1).replace(',', ''))) {
    p++;
    skipped = true;
  }
  if (p >= tokens.length) return null;
  const q = quantityStartingAt(tokens, p);
  if (q === null) return null;
  const follower = tokens[q.to + 1];
  // A comma may separate name and quantity only when a qty word or a unit word makes it explicit.
  const unitAfter = follower !== undefined && UNIT_WORDS.has(follower.norm);
  if (!AFTER_GAP.test(skipped || unitAfter ? firstGap.replace(',', '') : firstGap)) return null;
  if (skipped && !AFTER_GAP.test(gap(line, tokens, p - 1))) return null;
  if (follower === undefined || next?.from === q.to + 1) return q;
  if (/[,;.)\]|!]/.test(gap(line, tokens, q.to)) || AFTER_OK.has(follower.norm)) return q;
  return null;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
