import type { CatalogIndex } from './catalog-index.js';
import { CONTAINERS, EACH, FILLERS, REQUEST } from './line-words.js';
import { convertSpecNumbers, findQuantities, pickQuantity, segmentsOf, Sentences, splitRunOnItems, type Segment } from './line-segments.js';
import type { LogicalLine } from './logical-lines.js';
import { maskNoise, stripBullet } from './mask-noise.js';
import { resolveWithContext, resolveWords, type MatchKind } from './match-evidence.js';
import { VAGUE_WORDS, type QuantityMatch } from './quantity-words.js';
import { clip, emit, Env, headingWords, type Item } from './resolve-item.js';
import { STOPWORDS, tokenize, type Token } from './tokens.js';
import { separateVariantRuns } from './variant-runs.js';
import { spellSizes } from './size-words.js';
import { isVariantWord } from './variant-words.js';

/** A product with a quantity found in one line, before merging across the mail. */
export interface LineHit {
  readonly product: number;
  readonly quantity: number;
  readonly confidence: number;
  readonly warnings: readonly string[];
  /** Where the words it was read from sit in the body text. */
  readonly span: { readonly start: number; readonly end: number };
  readonly match: MatchKind;
  /** Written as an addition ("2 more", "another 3"), so it adds to an earlier mention. */
  readonly additive: boolean;
  /** From a list item or table row: a second row for the product adds to the first. */
  readonly listed: boolean;
  /** Settled only with words from around the item (the line before, a heading, the reply above). */
  readonly completed: boolean;
  /** "Actually make that 45": replaces the quantity of the same product read before it. */
  readonly replaces?: boolean;
}

/** What one line yields: hits, warnings for the mail, and products named without a quantity. */
export interface LineReading {
  readonly hits: LineHit[];
  readonly warnings: string[];
  readonly unquantified: number[];
  /** Words the next line of the same paragraph may complete an ellipsis with ("Black T-shirts" / "Medium 10"). */
  readonly context: string[];
}


/**
 * Reads one logical line: items (quantity + product words), resolved against the catalog.
 * `carried` holds the words of the lines above in the same paragraph, most recent first.
 */
export function readLine(line: LogicalLine, index: CatalogIndex, carried: readonly string[] = []): LineReading {
  const context = [...(line.heading === undefined ? [] : headingWords(line.heading, index)), ...carried];
  const reading: LineReading = { hits: [], warnings: [], unquantified: [], context };
  const { text, listItem } = stripBullet(line.text);
  const masked = separateVariantRuns(maskNoise(spellSizes(text), index.isSku));
  const tokens = tokenize(masked, index.isSku, index.isWord);
  if (tokens.length === 0) return reading;
  const quantities = findQuantities(tokens);
  if (quantities.size === 0 && !tokens.some((t) => t.kind === 'sku' || VAGUE_WORDS.has(t.norm)) && !REQUEST.test(text)) {
    // nothing here can become a line or a warning: keep its catalog words for the next line
    context.unshift(...tokens.filter((t) => index.postings.has(t.norm) && !context.includes(t.norm)).map((t) => t.norm));
    return reading;
  }
  const sentences = new Sentences(text, tokens); // the words as written: masking blanks "quote 300"

  const spaced = segmentsOf(tokens, masked, sentences.ids, quantities, index, quantities.size > 0);
  convertSpecNumbers(spaced, tokens, index);
  const segments = splitRunOnItems(spaced);
  const listed = line.structured || listItem;
  const short = tokens.length <= 8;
  const env = new Env(index, tokens, reading, context, listed, line, text, short, sentences);
  let pending: Segment[] = [];
  let last: Last | undefined;
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k] as Segment;
    const prev = segments[k - 1];
    if (prev !== undefined && prev.sentence !== seg.sentence) pending = flushPending(pending, env, sentences, last);
    if (sentences.skip(seg.sentence)) {
      if (sentences.problem(seg.sentence) && seg.quantities.length > 0 && seg.words.length > 0) {
        reading.warnings.push(`"${clip(env.said(seg.from, seg.to).text)}" reads like a past order or a complaint; not added`);
      }
      pending = [];
      continue;
    }
    const hasWords = seg.words.length > 0 || seg.skus.length > 0;
    const q = pickQuantity(seg, tokens);
    if (q === 'conflict') {
      if (env.loud(seg.sentence)) reading.warnings.push(`Two quantities for one product in "${clip(env.said(seg.from, seg.to).text)}"; not added`);
      pending = [];
    } else if (q !== null && hasWords) {
      const next = segments[k + 1];
      const trailing = next !== undefined && next.sentence === seg.sentence && next.quantities.length === 0 && next.words.length > 0 ? next : undefined;
      const named = segments.slice(k + 1).find((n) => n.sentence === seg.sentence && n.words.some((w) => !isVariantWord(w.norm)));
      const lead = { ...(trailing === undefined ? {} : { trailing }), ...(named === undefined ? {} : { ahead: named.words.map((w) => w.norm) }) };
      last = emitAll(seg.each && pending.length > 0
        ? [...eachOver(pending, q, env), { segs: [seg], quantity: q, each: true }]
        : [{ segs: [...ownPart(pending, seg, env), seg], quantity: q, each: false, ...lead }], env, last);
      pending = [];
      if ((trailing as { used?: boolean } | undefined)?.used === true) k++;
    } else if (q !== null) {
      const prior = reading.hits[reading.hits.length - 1];
      if (pending.length > 0) last = emitAll(seg.each ? eachOver(pending, q, env) : [{ segs: pending, quantity: q, each: false }], env, last);
      else if (prior !== undefined && correctsQuantity(seg, q, tokens)) {
        reading.hits.push({
          ...prior, quantity: q.value, confidence: Math.round(prior.confidence * 90) / 100, replaces: true, additive: false,
          warnings: [...prior.warnings, `Read "${clip(env.said(q.from - 2, q.to).text)}" as a new quantity (${q.value}) for the item before it`],
        });
      } else if (quantifiesUnknown(seg, q, tokens) && env.loud(seg.sentence)) {
        reading.warnings.push(`No catalog product found in "${clip(env.said(seg.from, seg.to).text)}"`);
      }
      pending = [];
    } else if (hasWords) {
      const spread = prev !== undefined && prev.sentence === seg.sentence && last !== undefined && last.sentence === seg.sentence && eachAfter(last.quantity, tokens);
      if (seg.vague) reading.warnings.push(`No exact quantity in "${clip(env.said(seg.from, seg.to).text)}"; not added`);
      else if (spread) last = emitAll([{ segs: [seg], quantity: (last as Last).quantity, each: true }], env, last);
      else pending.push(seg);
    }
  }
  flushPending(pending, env, sentences, last);
  if (reading.hits.length === 0) {
    const said = segments.flatMap((g) => g.words.map((w) => w.norm));
    context.unshift(...said.filter((w, k) => said.indexOf(w) === k && !context.includes(w)));
  }
  return reading;
}

/**
 * One quantity for each of several items; an item of sizes or colours only takes its noun from a later
 * one. "Black USB-C leads, 1m and 2m, 10 of each": a first item the others only qualify, which names
 * no one product by itself, is their heading, not an item of its own.
 */
function eachOver(segs: readonly Segment[], q: QuantityMatch, env: Env): Item[] {
  const [head, ...rest] = segs;
  const heading = head === undefined ? [] : head.words.map((w) => w.norm);
  if (rest.length >= 2 && rest.every(qualifiesOnly) && !qualifiesOnly(head as Segment) && resolveWords(heading, env.index).products.length > 1) {
    env.context.unshift(...heading.filter((w) => !env.context.includes(w)));
    segs = rest;
  }
  return segs.map((p, k) => {
    const named = segs.slice(k + 1).find((n) => n.words.some((w) => !isVariantWord(w.norm)));
    return { segs: [p], quantity: q, each: true, ...(named === undefined ? {} : { ahead: named.words.map((w) => w.norm) }) };
  });
}

/**
 * "medium boxes and medium gloves, 30 of the boxes": a segment before the item that names another
 * thing than the item's own noun is not part of it; its words go to the context, where they
 * complete the items after it ("4 of the gloves").
 */
function ownPart(pending: readonly Segment[], item: Segment, env: Env): Segment[] {
  const nouns = (seg: Segment): string[] => seg.words.map((w) => w.norm).filter((w) => /^[a-z]+$/.test(w) && !isVariantWord(w) && env.index.postings.has(w));
  const mine = nouns(item);
  if (mine.length === 0) return [...pending];
  const kept: Segment[] = [];
  for (const p of pending) {
    const theirs = nouns(p);
    if (theirs.length === 0 || theirs.some((w) => mine.includes(w))) kept.push(p);
    else env.context.unshift(...p.words.map((w) => w.norm).filter((w) => !env.context.includes(w)));
  }
  return kept;
}

/** Sizes, colours and spec tokens only ("1m", "large", "grey"). */
function qualifiesOnly(seg: Segment): boolean {
  return seg.skus.length === 0 && seg.words.length > 0 && seg.words.every((w) => isVariantWord(w.norm) || /\d/.test(w.norm));
}

/** "10 each of the medium and large boxes", "10 boxes each of …": the quantity goes to every item after it too. */
function eachAfter(q: QuantityMatch, tokens: readonly Token[]): boolean {
  const next = tokens[q.to + 1]?.norm ?? '';
  return EACH.has(next) || (CONTAINERS.has(next) && EACH.has(tokens[q.to + 2]?.norm ?? ''));
}

interface Last { readonly quantity: QuantityMatch; readonly value: number; readonly sentence: number }

function emitAll(items: readonly Item[], env: Env, last: Last | undefined): Last | undefined {
  let now = last;
  for (const item of items) {
    const value = emit(item, env, now?.value);
    if (value !== undefined) now = { quantity: item.quantity, value, sentence: item.segs[0]?.sentence ?? -1 };
  }
  return now;
}

/**
 * Segments left without a quantity when their sentence ends. "200 x 8oz white cups and lids": a bare
 * noun joined to the item before it, which only that item's words settle, shares its quantity.
 * Other products named without a quantity in a request are reported when the mail has no line.
 */
function flushPending(pending: Segment[], env: Env, sentences: Sentences, last: Last | undefined): Segment[] {
  for (const seg of pending) {
    const alone = resolveWords(seg.words.map((w) => w.norm), env.index);
    const shared = last !== undefined && last.sentence === seg.sentence && alone.products.length !== 1 && seg.skus.length === 0
      && seg.unknown.length === 0 && ['and', 'with'].includes(env.tokens[seg.from - 1]?.norm ?? '') && seg.words.length <= 2;
    if (shared && resolveWithContext(seg.words.map((w) => w.norm), env.context, env.index) !== null) {
      emit({ segs: [seg], quantity: { ...(last as { quantity: QuantityMatch }).quantity, from: seg.from, to: seg.from }, each: true }, env, undefined, last?.value);
      continue;
    }
    if (!sentences.request(seg.sentence)) continue;
    if (alone.products.length === 1) env.reading.unquantified.push(alone.products[0] as number);
    else if (seg.skus.length === 1) env.reading.unquantified.push((seg.skus[0] as { product: number }).product);
  }
  return [];
}

/** "actually make that 45", "make it 10": a whole number alone that corrects the item before it. */
function correctsQuantity(seg: Segment, q: QuantityMatch, tokens: readonly Token[]): boolean {
  return seg.words.length === 0 && seg.skus.length === 0 && q.value >= 1 && q.approximate !== true && q.fractional !== true
    && ['that', 'it'].includes(tokens[q.from - 1]?.norm ?? '') && tokens[q.from - 2]?.norm === 'make';
}

/** "200 cable ties", "2 rolls of bubble wrap": the quantity is followed by a noun the catalog does not know. */
function quantifiesUnknown(seg: Segment, q: QuantityMatch, tokens: readonly Token[]): boolean {
  for (let i = q.to + 1; i <= Math.min(seg.to, q.to + 4); i++) {
    const t = tokens[i] as Token;
    if (seg.unknown.includes(i)) return true;
    if (!(STOPWORDS.has(t.norm) || FILLERS.has(t.norm) || CONTAINERS.has(t.norm))) return false;
  }
  return false;
}

