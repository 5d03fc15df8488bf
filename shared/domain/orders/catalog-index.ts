import { createFuzzyIndex } from './fuzzy-match.js';
import { specParts, STOPWORDS, tokenize } from './tokens.js';
import { isVariantWord } from './variant-words.js';

/** What the parser needs to know about a product. */
export interface CatalogProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly active: boolean;
}

/** One way to name a product (its name or an alias) as canonical tokens. */
export interface CatalogPhrase {
  readonly product: number;
  readonly tokens: ReadonlySet<string>;
  /** The last plain word that is not a size or colour ("box" in "Shipping Box Small"), if any. */
  readonly head?: string;
  readonly alias: boolean;
}

/** Precomputed lookup structures; build once per catalog version and reuse for every mail. */
export interface CatalogIndex {
  readonly products: readonly CatalogProduct[];
  readonly phrases: readonly CatalogPhrase[];
  /** Phrase ids per product. */
  readonly phrasesOf: readonly (readonly number[])[];
  /** Every token of a product's name and aliases (dimensions also by their parts). */
  readonly tokensOf: readonly ReadonlySet<string>[];
  /** The tokens of the product's name alone. */
  readonly nameOf: readonly ReadonlySet<string>[];
  /** Upper-case SKU → product position. */
  readonly skus: ReadonlyMap<string, number>;
  /** Canonical token → positions of the products that have it (ascending). */
  readonly postings: ReadonlyMap<string, readonly number[]>;
  /** The vocabulary words one edit away from `word`. */
  readonly corrections: (word: string) => readonly string[];
  /** Head nouns used for the same products ("cable" and "lead", "tee" and "shirt"), by head. */
  readonly sameHeads: ReadonlyMap<string, readonly string[]>;
  /** Whether a word, in any case, is a SKU, and `postings.has`: functions made once, for the tokenizer. */
  readonly isSku: (word: string) => boolean;
  readonly isWord: (norm: string) => boolean;
}

// module constants: esbuild rewrites a literal with \p{…} inside a function into `new RegExp` per call
const HEAD_WORD = /^\p{L}{2,}$/u;
const LETTERS = /^\p{L}+$/u;

/** Indexes names, aliases and SKUs so that parsing a mail is a handful of map lookups per token. */
export function buildCatalogIndex(products: readonly CatalogProduct[]): CatalogIndex {
  const skus = new Map<string, number>();
  const phrases: CatalogPhrase[] = [];
  const phrasesOf: number[][] = [];
  const tokensOf: Set<string>[] = [];
  const nameOf: Set<string>[] = [];
  const postings = new Map<string, number[]>();
  products.forEach((product, position) => {
    if (product.sku.trim() !== '') skus.set(product.sku.trim().toUpperCase(), position);
    const all = new Set<string>();
    const own: number[] = [];
    [product.name, ...product.aliases].forEach((text, k) => {
      const tokens = phraseTokens(text);
      if (k === 0) nameOf.push(new Set(tokens));
      if (tokens.length === 0) return;
      own.push(phrases.length);
      const head = [...tokens].reverse().find((t) => HEAD_WORD.test(t) && !isVariantWord(t));
      phrases.push({ product: position, tokens: new Set(tokens), ...(head === undefined ? {} : { head }), alias: k > 0 });
      for (const t of tokens) {
        all.add(t);
        for (const part of specParts(t)) all.add(part);
      }
    });
    phrasesOf.push(own);
    tokensOf.push(all);
    for (const t of all) {
      const list = postings.get(t);
      if (list === undefined) postings.set(t, [position]);
      else list.push(position);
    }
  });
  const words = [...postings.keys()].filter((t) => LETTERS.test(t));
  return {
    products, phrases, phrasesOf, tokensOf, nameOf, skus, postings, corrections: createFuzzyIndex(words), sameHeads: headGroups(phrasesOf, phrases),
    isSku: skuTest(skus), isWord: (norm) => postings.has(norm),
  };
}

/**
 * SKU lookup for every word of a mail: the length and first character of the catalog's SKUs rule
 * out almost every word before it is upper-cased (a hot path: one call per word).
 */
function skuTest(skus: ReadonlyMap<string, number>): (word: string) => boolean {
  const lengths = new Set<number>();
  const firsts = new Set<number>();
  for (const sku of skus.keys()) {
    lengths.add(sku.length);
    firsts.add(sku.charCodeAt(0));
  }
  // SKUs usually hold a digit or a dash ("TSH-M-BLK"): then a word of plain letters is none of them
  const lettersOnlyAreNone = [...skus.keys()].every((sku) => !/^[A-Z]*$/.test(sku));
  return (word) => {
    if (!lengths.has(word.length)) return false;
    const c = word.charCodeAt(0);
    if (c < 128 && !firsts.has(c >= 97 && c <= 122 ? c - 32 : c)) return false;
    if (lettersOnlyAreNone && asciiLetters(word)) return false;
    return skus.has(word.toUpperCase());
  };
}

function asciiLetters(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) | 32; // lower case
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** Heads that name the same products are interchangeable: the groups of heads linked that way. */
function headGroups(phrasesOf: readonly (readonly number[])[], phrases: readonly CatalogPhrase[]): Map<string, string[]> {
  const parent = new Map<string, string>();
  const find = (h: string): string => {
    let root = h;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(h, root);
    return root;
  };
  for (const own of phrasesOf) {
    const heads = own.flatMap((id) => (phrases[id]?.head === undefined ? [] : [phrases[id]?.head as string]));
    for (const h of heads) if (!parent.has(h)) parent.set(h, h);
    for (const h of heads.slice(1)) parent.set(find(h), find(heads[0] as string));
  }
  const groups = new Map<string, string[]>();
  for (const h of parent.keys()) {
    const root = find(h);
    groups.set(root, [...(groups.get(root) ?? []), h]);
  }
  const byHead = new Map<string, string[]>();
  for (const members of groups.values()) if (members.length > 1) for (const h of members) byHead.set(h, members);
  return byHead;
}

function phraseTokens(text: string): string[] {
  return tokenize(text, () => false, () => true)
    .map((t) => (t.kind === 'int' ? String(t.value) : t.norm))
    .filter((norm) => !STOPWORDS.has(norm));
}
