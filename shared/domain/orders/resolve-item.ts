import type { CatalogIndex } from './catalog-index.js';
import { eachDimension, emitEach, variantsOf } from './each-variant.js';
import { ADDITIVE, CONTAINERS } from './line-words.js';
import type { LogicalLine } from './logical-lines.js';
import { hasWordAt, type Segment, type Sentences, type Word } from './line-segments.js';
import { resolveWithContext, resolveWords, type MatchKind, type Resolution } from './match-evidence.js';
import type { QuantityMatch } from './quantity-words.js';
import type { LineReading } from './read-line.js';
import { STOPWORDS, tokenize, type Token } from './tokens.js';
import { isVariantWord } from './variant-words.js';

/** The largest quantity read as a line; more is a typing slip or a different kind of order. */
export const MAX_QUANTITY = 10_000;

export interface Item {
  readonly segs: readonly Segment[];
  readonly quantity: QuantityMatch;
  readonly each: boolean;
  /** The segment after the item when it has words but no quantity ("8 x yellow hi-vis, size L"). */
  readonly trailing?: Segment & { used?: boolean };
  /** Words of the next item that names a thing, for "10 medium and 5 large black tees". */
  readonly ahead?: readonly string[];
}

/** What the items of one line share while it is read. */
export class Env {
  constructor(
    readonly index: CatalogIndex,
    readonly tokens: readonly Token[],
    readonly reading: LineReading,
    /** Words of earlier items and of the heading, most recent first, for ellipses ("15 medium"). */
    readonly context: string[],
    readonly listed: boolean,
    private readonly line: LogicalLine,
    private readonly text: string,
    private readonly short: boolean,
    private readonly sentences: Sentences,
  ) {}

  /** The words from token `from` to `to`, with offsets into the body (stripBullet and maskNoise keep positions). */
  said(from: number, to: number): { start: number; end: number; text: string } {
    const start = (this.tokens[from] as Token).start;
    const end = (this.tokens[to] as Token).end;
    if (this.line.rewritten) return { ...this.line.span, text: this.text.trim() };
    return { start: this.line.start + start, end: this.line.start + end, text: this.text.slice(start, end) };
  }

  /** Whether to warn about this sentence: a request, a list or table row, or a short line. */
  loud(sentence: number): boolean {
    return this.listed || this.short || this.sentences.request(sentence);
  }
}


/** Resolves one item to a line, or to a warning instead of a guess; returns the quantity it read. */
export function emit(item: Item, env: Env, lastQuantity: number | undefined, value0?: number): number | undefined {
  const { index, tokens, reading } = env;
  const main = item.segs[item.segs.length - 1] as Segment;
  const first = item.segs[0] as Segment;
  const q = item.quantity;
  let value = value0 ?? (q.value < 0 ? lastQuantity : q.value);
  let from = q.from;
  let to = q.to;
  for (const g of item.segs) {
    for (const w of g.words) if (w.at < from) from = w.at; else if (w.at > to) to = w.at;
    for (const k of g.skus) if (k.at < from) from = k.at; else if (k.at > to) to = k.at;
  }
  const where = env.said(Math.max(0, from), Math.min(tokens.length - 1, to));
  const loud = env.loud(main.sentence);
  const sku = (main.skus[0] ?? first.skus[0])?.product;
  if (value === undefined) return undefined;
  if (q.approximate === true) {
    if (loud) reading.warnings.push(`No exact quantity in "${clip(where.text)}"; not added`);
    return undefined;
  }
  if (q.fractional === true || value < 1 || value > MAX_QUANTITY) {
    if (loud) reading.warnings.push(`Quantity in "${clip(where.text)}" is not a whole number from 1 to ${MAX_QUANTITY}; not added`);
    return undefined;
  }
  let all: readonly Word[] = item.segs.length === 1 ? main.words : item.segs.flatMap((s) => s.words);
  let resolution: Resolution;
  let usedContext = false;
  if (sku !== undefined) {
    resolution = { products: [sku], full: true, alias: false };
  } else {
    const picked = pick(main.words, all, tokens, index);
    resolution = picked.resolution;
    all = picked.words;
    const after = item.trailing?.words ?? [];
    if (resolution.products.length > 1 && after.length > 0) {
      const more = resolveWords([...all, ...after].map((w) => w.norm), index);
      if (more.products.length === 1) {
        resolution = more;
        all = [...all, ...after];
        (item.trailing as { used: boolean }).used = true;
      }
    }
    if (resolution.products.length !== 1 && all.length > 0) {
      const onlyVariants = all.every((w) => isVariantWord(w.norm));
      const fromContext = resolveWithContext(all.map((w) => w.norm), env.context, index)
        ?? (onlyVariants && item.ahead !== undefined ? resolveWithContext(all.map((w) => w.norm), item.ahead, index) : null);
      if (fromContext !== null) {
        resolution = fromContext.resolution;
        usedContext = true;
      }
    }
  }
  // later ellipses see what was said, then the named product's own words ("lids for them" → 12oz)
  const said: string[] = [];
  for (const w of all) addUnsaid(said, w.norm, env.context);
  if (resolution.products.length === 1) for (const w of index.nameOf[resolution.products[0] as number] ?? []) addUnsaid(said, w, env.context);
  if (said.length > 0) env.context.unshift(...said);
  if (resolution.products.length === 0) {
    if (loud) reading.warnings.push(`No catalog product matches "${clip(where.text)}"; not added`);
    return value;
  }
  if (resolution.products.length > 1) {
    const dimension = eachDimension(tokens, from, to);
    const variants = dimension === undefined ? [] : variantsOf(resolution.products, dimension, index);
    if (variants.length > 0) return emitEach(variants, value, { ...where, text: clip(where.text) }, env);
    const names = resolution.products.slice(0, 4).map((c) => index.products[c]?.name).join(', ');
    if (loud) reading.warnings.push(`"${clip(where.text)}" could be ${resolution.products.length} products (${names}); not added`);
    return value;
  }
  const product = resolution.products[0] as number;
  if (index.products[product]?.active === false) {
    if (loud) reading.warnings.push(`"${clip(where.text)}" names a product that is no longer active; not added`);
    return value;
  }
  if (unknownHead(item, tokens, resolution)) {
    if (loud) reading.warnings.push(`No catalog product found in "${clip(where.text)}"`);
    return value;
  }
  const corrections: string[] = [];
  for (const w of all) if (w.correction !== undefined) corrections.push(w.correction);
  const warnings: string[] = [];
  let confidence = 1;
  if (q.pack !== undefined && value0 === undefined) {
    // "3 boxes of 100 gloves" for a product sold by the box orders boxes, else the pieces
    const byContainer = index.tokensOf[product]?.has(q.pack.container) === true;
    if (byContainer) value = q.pack.count;
    confidence *= 0.9;
    const containers = /(?:x|ch|sh|s)$/.test(q.pack.container) ? `${q.pack.container}es` : `${q.pack.container}s`;
    warnings.push(`Read "${clip(where.text)}" as ${value} ${byContainer ? containers : 'pieces'} (${q.pack.count} ${containers} of ${q.value / q.pack.count})`);
  }
  if (!resolution.full && sku === undefined) {
    confidence *= 0.9;
    warnings.push(`"${clip(where.text)}" matched part of the name "${index.products[product]?.name}"`);
  }
  if (usedContext) {
    confidence *= 0.9;
    warnings.push(`"${clip(where.text)}" was completed from the words around it: ${index.products[product]?.name}`);
  }
  if (item.each) confidence *= 0.9;
  if (corrections.length > 0) {
    confidence *= 0.75;
    warnings.push(`Read a typo as a catalog word: ${corrections.join(', ')}`);
  }
  if (q.words) confidence *= 0.95;
  const match: MatchKind = sku !== undefined ? 'sku' : corrections.length > 0 ? 'fuzzy' : resolution.alias ? 'alias' : 'name_tokens';
  const before = tokens.slice(Math.max(0, q.from - 2), q.from);
  const additive = before.some((t) => ADDITIVE.has(t.norm));
  reading.hits.push({
    product, quantity: value, confidence: Math.round(confidence * 100) / 100, warnings, span: { start: where.start, end: where.end },
    match, additive, listed: env.listed, completed: usedContext,
  });
  return value;
}

/**
 * Own words first; the words of earlier segments of the item join when they settle it; then the
 * words without container nouns ("1kg bags"), with a typo's other readings, and finally each run
 * of adjacent words alone ("black tees large x10 for the packing team").
 */
function pick(own: readonly Word[], all: readonly Word[], tokens: readonly Token[], index: CatalogIndex): Picked {
  const best: Picked = { resolution: { products: [], full: false, alias: false }, words: all };
  // most items settle on the first try: the other readings are built only when needed
  if (settles(own, best, index) || (all !== own && all.length !== own.length && settles(all, best, index))) return best;
  if (settles(withoutContainers(own), best, index) || settles(withoutContainers(all), best, index)) return best;
  if (all.some((w) => w.alternatives !== undefined)) for (const words of alternativeReadings(all)) if (settles(words, best, index)) return best;
  const runs = runsOf(all, tokens).map((words) => ({ words, resolution: resolveWords(words.map((w) => w.norm), index) }));
  const settled = runs.filter((r) => r.resolution.products.length === 1);
  return runs.length > 1 && settled.length === 1 ? (settled[0] as Picked) : best;
}

interface Picked { resolution: Resolution; words: readonly Word[] }

/**
 * Whether `words` name one product; keeps the first reading that names any in `best` until one does.
 * A module function, not a closure in pick: bundles keep names, which costs a call per closure made.
 */
function settles(words: readonly Word[], best: Picked, index: CatalogIndex): boolean {
  if (words.length === 0) return false;
  const r = resolveWords(words.map((w) => w.norm), index);
  if (r.products.length === 1) {
    best.resolution = r;
    best.words = words;
    return true;
  }
  if (best.resolution.products.length === 0 && r.products.length > 0) {
    best.resolution = r;
    best.words = words;
  }
  return false;
}

/** Adds a word to those about to join the context unless it is there or already added. */
function addUnsaid(said: string[], word: string, context: readonly string[]): void {
  if (!said.includes(word) && !context.includes(word)) said.push(word);
}

function withoutContainers(words: readonly Word[]): Word[] {
  return words.filter((w) => !CONTAINERS.has(w.norm));
}

function alternativeReadings(words: readonly Word[]): Word[][] {
  return words.flatMap((w, k) => (w.alternatives ?? []).map((alt) => words.map((o, j) => (j === k ? { ...o, norm: alt, correction: `${o.correction?.split(' → ')[0]} → ${alt}` } : o))));
}

/** Words next to each other, allowing only small words ("of the", "in") between them. */
function runsOf(words: readonly Word[], tokens: readonly Token[]): Word[][] {
  const runs: Word[][] = [];
  for (const w of words) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    const between = last === undefined ? [] : tokens.slice(last.at + 1, w.at);
    if (run !== undefined && between.every((t) => STOPWORDS.has(t.norm))) run.push(w);
    else runs.push([w]);
  }
  return runs;
}

/** "coffee filter papers", "cable ties": an unknown noun next to the product word names something else. */
function unknownHead(item: Item, tokens: readonly Token[], resolution: Resolution): boolean {
  if (resolution.full) return false;
  return item.segs.some((seg) => {
    if (seg.unknown.length === 0) return false;
    const hasSpec = seg.words.some((w) => /\d/.test(w.norm));
    return seg.unknown.some((u) => {
      const after = tokens[u + 1];
      const before = tokens[u - 1];
      const leadsInto = after !== undefined && !hasSpec && hasWordAt(seg, u + 1) && !/\d/.test(after.norm);
      const follows = before !== undefined && hasWordAt(seg, u - 1) && !CONTAINERS.has(before.norm) && (tokens[u] as Token).start - before.end <= 1;
      return leadsInto || follows;
    });
  });
}

/** The catalog and variant words of a heading, read again for every line under it: cached per catalog. */
export function headingWords(heading: string, index: CatalogIndex): readonly string[] {
  let cache = headings.get(index);
  if (cache === undefined) {
    cache = new Map();
    headings.set(index, cache);
  }
  let words = cache.get(heading);
  if (words === undefined) {
    words = tokenize(heading, () => false, (w) => index.postings.has(w))
      .map((t) => t.norm)
      .filter((w) => index.postings.has(w) || isVariantWord(w));
    if (cache.size > 5_000) cache.clear(); // bounded: mail brings unbounded headings
    cache.set(heading, words);
  }
  return words;
}

const headings = new WeakMap<CatalogIndex, Map<string, readonly string[]>>();

export function clip(text: string): string {
  if (text.length <= 80 && !/\s\s|[\n\t]/.test(text)) return text.trim();
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

