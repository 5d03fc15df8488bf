import { createFuzzyIndex } from './fuzzy-match.js';
import { normalizeWord, STOPWORDS, tokenize } from './tokens.js';

/** What the parser needs to know about a product. */
export interface CatalogProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly active: boolean;
}

/** One way to name a product (its name or an alias) as normalised tokens. */
export interface CatalogPhrase {
  readonly product: number;
  readonly tokens: readonly string[];
  /** The last token: a partial mention must contain it ("widgets" → Large Black Widget). */
  readonly head: string;
  /** Number of distinct tokens: a mention with as many (all contained) names the phrase in full. */
  readonly distinct: number;
}

/** Precomputed lookup structures; build once per catalog version and reuse for every mail. */
export interface CatalogIndex {
  readonly products: readonly CatalogProduct[];
  readonly phrases: readonly CatalogPhrase[];
  /** Upper-case SKU → product position. */
  readonly skus: ReadonlyMap<string, number>;
  /** Normalised token → ids of the phrases containing it (ascending). */
  readonly postings: ReadonlyMap<string, readonly number[]>;
  /** The single vocabulary word one edit away from `word`, if exactly one exists. */
  readonly correct: (word: string) => string | null;
}

/** Indexes names, aliases and SKUs so that parsing a mail is a handful of map lookups per token. */
export function buildCatalogIndex(products: readonly CatalogProduct[]): CatalogIndex {
  const skus = new Map<string, number>();
  const phrases: CatalogPhrase[] = [];
  const postings = new Map<string, number[]>();
  products.forEach((product, position) => {
    if (product.sku.trim() !== '') skus.set(product.sku.trim().toUpperCase(), position);
    const seen = new Set<string>();
    for (const text of [product.name, ...product.aliases]) {
      const tokens = phraseTokens(text);
      const key = [...tokens].sort().join(' ');
      if (tokens.length === 0 || seen.has(key)) continue;
      seen.add(key);
      const id = phrases.length;
      phrases.push({ product: position, tokens, head: tokens[tokens.length - 1] as string, distinct: new Set(tokens).size });
      for (const token of new Set(tokens)) {
        const list = postings.get(token);
        if (list === undefined) postings.set(token, [id]);
        else list.push(id);
      }
    }
  });
  return { products, phrases, skus, postings, correct: createFuzzyIndex(postings.keys()) };
}

function phraseTokens(text: string): string[] {
  return tokenize(text, () => false)
    .map((t) => (t.kind === 'word' ? t.norm : normalizeWord(t.raw)))
    .filter((norm) => !STOPWORDS.has(norm));
}
