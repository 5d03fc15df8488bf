/** The catalog facts drafting and confirming need about a product (a subset of products/Product). */
export interface PricedProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  /** Integer minor units of `currency`. */
  readonly unitAmount: number;
  /** ISO 4217, upper case. */
  readonly currency: string;
  readonly active: boolean;
}

/** Stripe's largest amount for a Checkout Session, in minor units (8 digits). */
export const MAX_ORDER_TOTAL = 99_999_999;
/** Largest quantity a line may carry. */
export const MAX_LINE_QUANTITY = 10_000;
/** Control characters, including the Unicode line and paragraph separators (header injection, A9). */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
