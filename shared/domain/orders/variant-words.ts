/**
 * Size and colour words. They tell products of one family apart ("Shipping Box Small" / "Large")
 * but never name a product alone, and a size or colour the catalog does not have ("red t-shirts")
 * rules a product out instead of being ignored.
 */
export const SIZES: readonly string[] = ['xs', 'small', 'medium', 'large', 'xl', 'xxl', 'mini', 'jumbo'];
export const COLOURS: readonly string[] = [
  'black', 'white', 'grey', 'blue', 'red', 'green', 'yellow', 'orange', 'brown', 'clear', 'kraft', 'pink',
  'purple', 'silver', 'gold', 'navy', 'beige', 'natural', 'transparent',
];
const DIMENSION_OF = new Map<string, 'size' | 'colour'>([
  ...SIZES.map((w) => [w, 'size'] as const),
  ...COLOURS.map((w) => [w, 'colour'] as const),
]);

export const isVariantWord = (norm: string): boolean => DIMENSION_OF.has(norm);

/** 'size' or 'colour' for a variant word, undefined otherwise. */
export const variantDimension = (norm: string): 'size' | 'colour' | undefined => DIMENSION_OF.get(norm);
