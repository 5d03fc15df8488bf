import type { CatalogIndex } from './catalog-index.js';
import { isVariantWord, variantDimension } from './variant-words.js';

/** Why a line names its product: its SKU, an alias in full, name words (any order), or a corrected typo. */
export type MatchKind = 'sku' | 'alias' | 'name_tokens' | 'fuzzy';

/** What a set of words from a mail can name. */
export interface Resolution {
  /** Products that fit every word, after preferring full names, head nouns and shorter names. */
  readonly products: readonly number[];
  /** Some name or alias of the (single) product is contained in the words in full. */
  readonly full: boolean;
  /** That full phrase is an alias rather than the product name. */
  readonly alias: boolean;
}

const NONE: Resolution = { products: [], full: false, alias: false };

/**
 * Token-set matching: the products whose name and aliases together contain every word (sizes,
 * colours and spec tokens included, so "red t-shirts" or "M12 bolts" match nothing). Words only
 * of size or colour name a product only when two or more of them do ("large black").
 */
export function resolveWords(words: readonly string[], index: CatalogIndex): Resolution {
  let cache = resolved.get(index);
  if (cache === undefined) {
    cache = new Map();
    resolved.set(index, cache);
  }
  const key = words.join('\u0000');
  const known = cache.get(key);
  if (known !== undefined) return known;
  const resolution = resolve(words, index);
  if (cache.size > 20_000) cache.clear(); // bounded: one catalog sees unbounded word sets
  cache.set(key, resolution);
  return resolution;
}

/** Resolutions by catalog index, then by the words (in order): the same words recur across mails. */
const resolved = new WeakMap<CatalogIndex, Map<string, Resolution>>();

function resolve(words: readonly string[], index: CatalogIndex): Resolution {
  const set = new Set(words);
  if (set.size === 0) return NONE;
  const found = fitting(set, index, false) ?? fitting(set, index, true);
  if (found === null) return NONE;
  const variants = [...set].filter(isVariantWord).length;
  if (variants === set.size && variants < 2) return NONE;
  let products = found;
  const fully = (p: number, aliasOnly: boolean): boolean => index.phrasesOf[p]?.some((id) => {
    const phrase = index.phrases[id];
    return phrase !== undefined && (!aliasOnly || phrase.alias) && [...phrase.tokens].every((t) => set.has(t));
  }) ?? false;
  const full = products.filter((p) => fully(p, false));
  if (full.length > 0) products = full;
  const headed = products.filter((p) => index.phrasesOf[p]?.some((id) => set.has(index.phrases[id]?.head ?? '\u0000')));
  if (headed.length > 0) products = headed;
  if (products.length > 1) products = dropLongerNames(products, set, index);
  const one = products.length === 1 ? (products[0] as number) : -1;
  return { products, full: one >= 0 && fully(one, false), alias: one >= 0 && fully(one, true) && !nameIn(one, set, index) };
}

/**
 * Fills in an ellipsis ("15 medium" after "black tees: 20 large") from earlier words, most recent
 * first, taking each word only if some product still fits; stops once one product fits.
 * Returns the words used, or null when the context does not settle it.
 */
export function resolveWithContext(words: readonly string[], context: readonly string[], index: CatalogIndex): { words: string[]; resolution: Resolution } | null {
  let current = [...words];
  let resolution = resolveWords(current, index);
  for (const k of context) {
    if (resolution.products.length === 1) break;
    const dim = variantDimension(k);
    if (current.includes(k) || (dim !== undefined && current.some((t) => variantDimension(t) === dim))) continue;
    const next = resolveWords([...current, k], index);
    if (next.products.length === 0) continue;
    current = [...current, k];
    resolution = next;
  }
  return resolution.products.length === 1 ? { words: current, resolution } : null;
}

/**
 * Products having every word; with `sameHeads`, a head noun also matches the heads used for the
 * same products ("cat6 patch leads" for a product named "… Patch Cable …").
 */
function fitting(set: ReadonlySet<string>, index: CatalogIndex, sameHeads: boolean): readonly number[] | null {
  let found: readonly number[] | undefined;
  let widened = false;
  for (const w of set) {
    let list = index.postings.get(w);
    const group = sameHeads ? index.sameHeads.get(w) : undefined;
    if (group !== undefined) {
      list = [...new Set(group.flatMap((h) => index.postings.get(h) ?? []))].sort((a, b) => a - b);
      widened = true;
    }
    if (list === undefined) return null;
    found = found === undefined ? list : intersect(found, list);
    if (found.length === 0) return null;
  }
  return sameHeads && !widened ? null : found ?? null;
}

/** "espresso beans" is Espresso Beans 1kg, not Decaf Espresso Beans 1kg: a name that adds unsaid words loses. */
function dropLongerNames(products: readonly number[], said: ReadonlySet<string>, index: CatalogIndex): number[] {
  return products.filter((b) => {
    const nameB = index.nameOf[b] as ReadonlySet<string>;
    return !products.some((a) => {
      const nameA = index.nameOf[a] as ReadonlySet<string>;
      if (a === b || nameA.size >= nameB.size || ![...nameA].every((t) => nameB.has(t))) return false;
      return ![...nameB].some((t) => !nameA.has(t) && said.has(t));
    });
  });
}

function nameIn(p: number, set: ReadonlySet<string>, index: CatalogIndex): boolean {
  const name = index.nameOf[p];
  return name !== undefined && name.size > 0 && [...name].every((t) => set.has(t));
}

/** Intersection of two ascending lists. */
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
