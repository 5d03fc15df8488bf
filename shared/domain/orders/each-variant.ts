import type { CatalogIndex } from './catalog-index.js';
import type { Env } from './resolve-item.js';
import type { Token } from './tokens.js';
import { variantDimension } from './variant-words.js';

const EVERY: ReadonlySet<string> = new Set(['each', 'every', 'all']);

/**
 * "5 of each size of the black t-shirt", "10 in every colour", "2 black tees in each size": the
 * dimension said after each/every/all;
 * "lids for both cup sizes": after "both", a noun may come between.
 */
export function eachDimension(tokens: readonly Token[], from: number, to: number): 'size' | 'colour' | undefined {
  // "both colours of the 2m cable", "2 black tees in each size": the words may stand just before or after the item
  for (let i = Math.max(0, from - 4); i < Math.min(tokens.length, to + 4); i++) {
    const word = (tokens[i] as Token).norm;
    if (!EVERY.has(word) && word !== 'both') continue;
    for (const next of word === 'both' ? [tokens[i + 1]?.norm, tokens[i + 2]?.norm] : [tokens[i + 1]?.norm]) {
      if (next === 'size') return 'size';
      if (next === 'color') return 'colour';
    }
  }
  return undefined;
}

/** A spec size that tells products of one family apart ("Cup Lid 8oz" / "Cup Lid 12oz"). */
const SPEC_SIZE = /^\d+(?:\.\d+)?(?:oz|mm|cm|m|ml|l|kg|g|inch)$/;

/**
 * The products when their names differ only by one word of that dimension ("T-Shirt Small Black",
 * "… Medium Black", "… Large Black" for size), else none: "each size" of products that also differ
 * in colour is not settled.
 */
export function variantsOf(products: readonly number[], dimension: 'size' | 'colour', index: CatalogIndex): readonly number[] {
  const names = products.map((p) => index.nameOf[p] ?? new Set<string>());
  const common = [...(names[0] ?? [])].filter((t) => names.every((n) => n.has(t)));
  const fits = names.every((n) => {
    const rest = [...n].filter((t) => !common.includes(t));
    const word = rest[0] as string;
    return rest.length === 1 && (variantDimension(word) === dimension || (dimension === 'size' && SPEC_SIZE.test(word)));
  });
  return fits ? products : [];
}

/** "5 of each size of the black t-shirt": one line per active variant, each with a warning to check. */
export function emitEach(products: readonly number[], value: number, where: { start: number; end: number; text: string }, env: Env): number {
  const active = products.filter((p) => env.index.products[p]?.active !== false);
  const names = active.map((p) => env.index.products[p]?.name).join(', ');
  for (const product of active) {
    env.reading.hits.push({
      product, quantity: value, confidence: 0.9, warnings: [`Read "${where.text}" as ${value} of each: ${names}`],
      span: { start: where.start, end: where.end }, match: 'name_tokens', additive: false, listed: env.listed, completed: false,
    });
  }
  return value;
}
