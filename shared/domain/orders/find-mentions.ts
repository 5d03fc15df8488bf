import type { CatalogIndex } from './catalog-index.js';
import type { Token } from './tokens.js';

/** A product named in a line: one product (`product`) or several that fit (`candidates`). */
export interface Mention {
  /** First and last token (inclusive). */
  readonly from: number;
  readonly to: number;
  readonly candidates: readonly number[];
  /** Name, alias or SKU matched in full (any word order); false when only part of a name matched. */
  readonly exact: boolean;
  /** Typos that were corrected, as "gadjet → gadget". */
  readonly corrections: readonly string[];
}

/** Words never corrected towards a catalog word ("please" is not a typo of "pleat"). */
const NEVER_CORRECTED = new Set([
  'please', 'thanks', 'order', 'orders', 'would', 'could', 'should', 'there', 'their', 'these',
  'those', 'which', 'where', 'about', 'below', 'above', 'after', 'before', 'today', 'units',
  'pieces', 'delivery', 'deliver', 'thank', 'hello', 'regards', 'invoice', 'price', 'prices', 'quote',
]);
const JOINERS = new Set(['of', 'with', 'and', '&']);

interface RunWord { readonly index: number; readonly norm: string; readonly correction?: string }

/** Finds product mentions: whole SKUs first, then runs of catalog words split into names. */
export function findMentions(tokens: readonly Token[], line: string, index: CatalogIndex, allowTypos: boolean): Mention[] {
  const mentions: Mention[] = [];
  let run: RunWord[] = [];
  const flush = (): void => {
    if (run.length > 0) segmentRun(run, index, mentions);
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (run.length > 0 && !/^[\s-]*$/.test(line.slice((tokens[i - 1] as Token).end, t.start))) flush();
    if (t.kind === 'sku') {
      flush();
      mentions.push({ from: i, to: i, candidates: [index.skus.get(t.norm) as number], exact: true, corrections: [] });
      continue;
    }
    const word = catalogWord(t, index, allowTypos, run.length > 0);
    if (word !== null) {
      run.push({ index: i, ...word });
    } else if (!(run.length > 0 && JOINERS.has(t.norm) && tokens[i + 1] !== undefined
      && catalogWord(tokens[i + 1] as Token, index, false, true) !== null)) {
      flush();
    }
  }
  flush();
  return mentions.sort((a, b) => a.from - b.from);
}

function catalogWord(t: Token, index: CatalogIndex, allowTypos: boolean, inRun: boolean): { norm: string; correction?: string } | null {
  if (index.postings.has(t.norm) && (t.kind === 'word' || (inRun && t.kind === 'int'))) return { norm: t.norm };
  if (!allowTypos || t.kind !== 'word' || NEVER_CORRECTED.has(t.norm)) return null;
  // Try the singular first, then the word as written ("stainles" must not lose its last s).
  const fixed = index.correct(t.norm) ?? index.correct(t.raw.toLowerCase());
  return fixed === null ? null : { norm: fixed, correction: `${t.raw} → ${fixed}` };
}

/** Greedy: the longest prefix of the run that names at least one phrase, then the rest. */
function segmentRun(run: readonly RunWord[], index: CatalogIndex, out: Mention[]): void {
  let pos = 0;
  while (pos < run.length) {
    let taken = 0;
    for (let len = run.length - pos; len >= 1 && taken === 0; len--) {
      const part = run.slice(pos, pos + len);
      const mention = resolve(part, index);
      if (mention !== null) {
        out.push(mention);
        taken = len;
      }
    }
    pos += Math.max(taken, 1);
  }
}

function resolve(part: readonly RunWord[], index: CatalogIndex): Mention | null {
  const norms = [...new Set(part.map((w) => w.norm))];
  let phrases: readonly number[] = index.postings.get(norms[0] as string) ?? [];
  for (let k = 1; k < norms.length && phrases.length > 0; k++) phrases = intersect(phrases, index.postings.get(norms[k] as string) ?? []);
  if (phrases.length === 0) return null;
  const exact = new Set<number>();
  const partial = new Set<number>();
  for (const id of phrases) {
    const phrase = index.phrases[id];
    if (phrase === undefined) continue;
    if (phrase.distinct === norms.length) exact.add(phrase.product);
    else if (norms.includes(phrase.head) && (norms.length > 1 || phrase.head.length >= 4)) partial.add(phrase.product);
  }
  const candidates = exact.size > 0 ? [...exact] : [...partial];
  if (candidates.length === 0) return null;
  const first = part[0] as RunWord;
  const last = part[part.length - 1] as RunWord;
  const corrections = part.flatMap((w) => (w.correction === undefined ? [] : [w.correction]));
  return { from: first.index, to: last.index, candidates, exact: exact.size > 0, corrections };
}

/** Intersection of two ascending id lists. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}
