import type { CatalogIndex } from './catalog-index.js';
import {
  ADDITIVE, AFTER_QUANTITY, CONTAINERS, EACH, FILLERS, INQUIRY, JOINERS, NEVER_CORRECTED, NOT_BEFORE_QUANTITY, NOT_GOODS, PROBLEM, REQUEST,
  STRONG_REQUEST,
} from './line-words.js';
import type { LogicalLine } from './logical-lines.js';
import { maskNoise, stripBullet } from './mask-noise.js';
import { resolveWithContext, resolveWords, type MatchKind, type Resolution } from './match-evidence.js';
import { isQuantityToken, quantityAt, VAGUE_WORDS, type QuantityMatch } from './quantity-words.js';
import { STOPWORDS, tokenize, type Token } from './tokens.js';
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
}

/** What one line yields: hits, warnings for the mail, and products named without a quantity. */
export interface LineReading {
  readonly hits: LineHit[];
  readonly warnings: string[];
  readonly unquantified: number[];
  /** Words the next line of the same paragraph may complete an ellipsis with ("Black T-shirts" / "Medium 10"). */
  readonly context: string[];
}

export const MAX_QUANTITY = 10_000;

interface Word {
  readonly at: number;
  readonly norm: string;
  readonly correction?: string;
  /** Other catalog words the same typo is one edit from ("cabel": cable, label). */
  readonly alternatives?: readonly string[];
}
interface Segment {
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
interface Item {
  readonly segs: readonly Segment[];
  readonly quantity: QuantityMatch;
  readonly each: boolean;
  /** The segment after the item when it has words but no quantity ("8 x yellow hi-vis, size L"). */
  readonly trailing?: Segment & { used?: boolean };
  /** Words of the next item that names a thing, for "10 medium and 5 large black tees". */
  readonly ahead?: readonly string[];
}

/** What the items of one line share while it is read. */
class Env {
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

/**
 * Reads one logical line: items (quantity + product words), resolved against the catalog.
 * `carried` holds the words of the lines above in the same paragraph, most recent first.
 */
export function readLine(line: LogicalLine, index: CatalogIndex, carried: readonly string[] = []): LineReading {
  const context = [...(line.heading === undefined ? [] : headingWords(line.heading, index)), ...carried];
  const reading: LineReading = { hits: [], warnings: [], unquantified: [], context };
  const { text, listItem } = stripBullet(line.text);
  const masked = maskNoise(text, index.isSku);
  const tokens = tokenize(masked, index.isSku, index.isWord);
  if (tokens.length === 0) return reading;
  const quantities = findQuantities(tokens);
  if (quantities.size === 0 && !tokens.some((t) => t.kind === 'sku' || VAGUE_WORDS.has(t.norm)) && !REQUEST.test(text)) {
    // nothing here can become a line or a warning: keep its catalog words for the next line
    context.unshift(...tokens.filter((t) => index.postings.has(t.norm) && !context.includes(t.norm)).map((t) => t.norm));
    return reading;
  }
  const sentences = new Sentences(text, tokens); // the words as written: masking blanks "quote 300"

  const segments = segmentsOf(tokens, masked, sentences.ids, quantities, index, quantities.size > 0);
  convertSpecNumbers(segments, tokens, index);
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
        ? [...eachOver(pending, q), { segs: [seg], quantity: q, each: true }]
        : [{ segs: [...pending, seg], quantity: q, each: false, ...lead }], env, last);
      pending = [];
      if ((trailing as { used?: boolean } | undefined)?.used === true) k++;
    } else if (q !== null) {
      if (pending.length > 0) last = emitAll(seg.each ? eachOver(pending, q) : [{ segs: pending, quantity: q, each: false }], env, last);
      else if (quantifiesUnknown(seg, q, tokens) && env.loud(seg.sentence)) {
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

/** One quantity for each of several items; an item of sizes or colours only takes its noun from a later one. */
function eachOver(segs: readonly Segment[], q: QuantityMatch): Item[] {
  return segs.map((p, k) => {
    const named = segs.slice(k + 1).find((n) => n.words.some((w) => !isVariantWord(w.norm)));
    return { segs: [p], quantity: q, each: true, ...(named === undefined ? {} : { ahead: named.words.map((w) => w.norm) }) };
  });
}

/** "10 each of the medium and large boxes": the quantity goes to every item after it too. */
function eachAfter(q: QuantityMatch, tokens: readonly Token[]): boolean {
  return EACH.has(tokens[q.to + 1]?.norm ?? '');
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

/** "200 cable ties", "2 rolls of bubble wrap": the quantity is followed by a noun the catalog does not know. */
function quantifiesUnknown(seg: Segment, q: QuantityMatch, tokens: readonly Token[]): boolean {
  for (let i = q.to + 1; i <= Math.min(seg.to, q.to + 4); i++) {
    const t = tokens[i] as Token;
    if (seg.unknown.includes(i)) return true;
    if (!(STOPWORDS.has(t.norm) || FILLERS.has(t.norm) || CONTAINERS.has(t.norm))) return false;
  }
  return false;
}

function emit(item: Item, env: Env, lastQuantity: number | undefined, value0?: number): number | undefined {
  const { index, tokens, reading } = env;
  const main = item.segs[item.segs.length - 1] as Segment;
  const first = item.segs[0] as Segment;
  const q = item.quantity;
  const value = value0 ?? (q.value < 0 ? lastQuantity : q.value);
  const named = item.segs.flatMap((g) => [...g.words.map((w) => w.at), ...g.skus.map((k) => k.at)]);
  const from = Math.max(0, Math.min(q.from, ...named));
  const to = Math.min(tokens.length - 1, Math.max(q.to, ...named));
  const where = env.said(from, to);
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
  let all: readonly Word[] = item.segs.flatMap((s) => s.words);
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
  const nameWords = resolution.products.length === 1 ? [...(index.nameOf[resolution.products[0] as number] ?? [])] : [];
  env.context.unshift(...[...all.map((w) => w.norm), ...nameWords].filter((w, k, a) => a.indexOf(w) === k && !env.context.includes(w)));
  if (resolution.products.length === 0) {
    if (loud) reading.warnings.push(`No catalog product matches "${clip(where.text)}"; not added`);
    return value;
  }
  if (resolution.products.length > 1) {
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
  const corrections = all.flatMap((w) => (w.correction === undefined ? [] : [w.correction]));
  const warnings: string[] = [];
  let confidence = 1;
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
  const match: MatchKind = sku !== undefined ? 'sku' : corrections.length > 0 ? 'fuzzy' : resolution.alias ? 'alias' : 'name-tokens';
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
function pick(own: readonly Word[], all: readonly Word[], tokens: readonly Token[], index: CatalogIndex): { resolution: Resolution; words: readonly Word[] } {
  let best: { resolution: Resolution; words: readonly Word[] } = { resolution: { products: [], full: false, alias: false }, words: all };
  const attempt = (words: readonly Word[]): boolean => {
    if (words.length === 0) return false;
    const r = resolveWords(words.map((w) => w.norm), index);
    if (r.products.length === 1) {
      best = { resolution: r, words };
      return true;
    }
    if (best.resolution.products.length === 0 && r.products.length > 0) best = { resolution: r, words };
    return false;
  };
  // most items settle on the first try: the other readings are built only when needed
  if (attempt(own) || (all !== own && all.length !== own.length && attempt(all))) return best;
  if (attempt(withoutContainers(own)) || attempt(withoutContainers(all))) return best;
  if (all.some((w) => w.alternatives !== undefined)) for (const words of alternativeReadings(all)) if (attempt(words)) return best;
  const runs = runsOf(all, tokens).map((words) => ({ words, resolution: resolveWords(words.map((w) => w.norm), index) }));
  const settled = runs.filter((r) => r.resolution.products.length === 1);
  return runs.length > 1 && settled.length === 1 ? (settled[0] as { resolution: Resolution; words: readonly Word[] }) : best;
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

const SENTENCE_END = /(\p{L}*)([.!?]+)(?=\s+[\p{Lu}"'(]|\s*$)/gu;
/** "about 2 kilos", "roughly 200": not a quantity to order by. */
const APPROXIMATE: ReadonlySet<string> = new Set(['about', 'around', 'roughly', 'approximately', 'approx', 'circa', 'ca', 'ish', 'maybe', 'perhaps']);
const ABBREVIATIONS = new Set([
  'stk', 'pcs', 'pc', 'no', 'nr', 'approx', 'ca', 'etc', 'inc', 'ltd', 'co', 'st', 'rd', 'ave', 'dr', 'mr', 'mrs', 'ms', 'vs', 'eg',
  'ie', 'tel', 'ref', 'qty', 'ea', 'pos', 'kg', 'incl', 'excl', 'max', 'min', 'nos', 'abt', 'sq', 'mob', 'fax',
]);

function hasWordAt(seg: Segment, at: number): boolean {
  for (const w of seg.words) if (w.at === at) return true;
  return false;
}

/** Sentence of each token; the tests on a sentence's text run only when asked, once. */
class Sentences {
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

/** Quantity expressions by their first token; "the same (number)" refers to the previous quantity (-1). */
function findQuantities(tokens: readonly Token[]): Map<number, QuantityMatch> {
  const found = new Map<number, QuantityMatch>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    if (t.norm === 'same' && prev?.norm === 'the') {
      const to = ['number', 'amount', 'quantity', 'qty'].includes(tokens[i + 1]?.norm ?? '') ? i + 1 : i;
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
    else if (!NOT_BEFORE_QUANTITY.has(before) && !(before === 'of' && before2 === 'instead')) found.set(i, q);
    i = q.to;
  }
  return found;
}

function segmentsOf(tokens: readonly Token[], line: string, sentence: readonly number[], quantities: ReadonlyMap<number, QuantityMatch>,
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
    const boundary = i > 0 && (sentence[i] !== sentence[i - 1] || /[,;+|/&]/.test(gap) || after);
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
    classify(t, i, tokens, seg, index, allowTypos);
  }
  if (current !== null) segments.push(current);
  return segments;
}

function classify(t: Token, i: number, tokens: readonly Token[], seg: Segment, index: CatalogIndex, allowTypos: boolean): void {
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
    // "Hi, 500 straws": a catalog word that is also small talk counts only beside another catalog word
    const weak = FILLERS.has(t.norm) && !isCatalogWord(tokens[i + 1], index) && !isCatalogWord(tokens[i - 1], index);
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

function isCatalogWord(t: Token | undefined, index: CatalogIndex): boolean {
  return t !== undefined && (t.kind === 'spec' || index.postings.has(t.norm)) && !FILLERS.has(t.norm);
}

function isNoun(t: Token): boolean {
  return t.norm.length >= 3 && !FILLERS.has(t.norm) && !STOPWORDS.has(t.norm) && !NOT_GOODS.has(t.norm) && /^\p{L}+$/u.test(t.norm);
}

/** The quantity of a segment: the one before the product words, else after; null if none. */
function pickQuantity(seg: Segment, tokens: readonly Token[]): QuantityMatch | null | 'conflict' {
  const qs = seg.quantities;
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
  const chosen = before[before.length - 1] ?? after.find((q) => tokens[q.from]?.kind === 'times') ?? after[0] ?? null;
  if (chosen !== null && before.length === 0 && !endsQuantity(chosen, seg, tokens)) return null;
  const other = before.length > 0 ? after[0] : undefined;
  if (chosen !== null && other !== undefined && other.value !== chosen.value && tokens[other.from]?.kind !== 'decimal') return 'conflict';
  return chosen;
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

/** "steel hinge 75 and shelf bracket 300, twenty each", "12 steel hinges (75)": bare numbers after product words that are sizes. */
function convertSpecNumbers(segments: Segment[], tokens: readonly Token[], index: CatalogIndex): void {
  segments.forEach((seg, k) => {
    const eachLater = segments.slice(k + 1).some((s) => s.sentence === seg.sentence && s.each && s.quantities.length > 0);
    if (seg.quantities.length < 2 && !(eachLater && seg.quantities.length === 1)) return;
    for (const q of [...seg.quantities]) {
      if (seg.quantities.length < (eachLater ? 1 : 2)) break;
      const t = tokens[q.from] as Token;
      const spec = `${t.raw}mm`;
      if (q.from !== q.to || t.kind !== 'int' || !index.postings.has(spec) || !seg.words.some((w) => w.at < q.from)) continue;
      const words = [...seg.words.map((w) => w.norm), spec];
      if (resolveWords(words, index).products.length === 0) continue;
      seg.quantities.splice(seg.quantities.indexOf(q), 1);
      seg.words.push({ at: q.from, norm: spec });
    }
  });
}

function headingWords(heading: string, index: CatalogIndex): string[] {
  return tokenize(heading, () => false, (w) => index.postings.has(w))
    .map((t) => t.norm)
    .filter((w) => index.postings.has(w) || isVariantWord(w));
}

function clip(text: string): string {
  if (text.length <= 80 && !/\s\s|[\n\t]/.test(text)) return text.trim();
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
