import { ValidationError } from '../errors.js';
import { stripSubjectPrefixes } from '../mail/normalize-subject.js';
import { isCurrency, type CurrencyCode } from '../money/currencies.js';
import { applyDiscountPct, orderTotal } from '../money/money-math.js';
import type { ParsedLine, ParsedOrder } from './parse-order-lines.js';
import { CONTROL_CHARS, MAX_ORDER_TOTAL, type PricedProduct } from './priced-product.js';

export interface DraftOrderInput {
  readonly parsed: ParsedOrder;
  /** Products by id (the ones `parsed` refers to are enough). */
  readonly products: ReadonlyMap<string, PricedProduct>;
  /** The contact's discount, 0..100 (e.g. `wholesale_discount_pct`); undefined for none. */
  readonly discountPct?: number;
  readonly customerEmail: string;
  readonly subject?: string;
}

export interface DraftLine {
  readonly productId: string;
  readonly sku: string;
  readonly description: string;
  readonly quantity: number;
  /** Catalog price with the contact's discount applied, rounded half to even, in minor units. */
  readonly unitAmount: number;
  readonly confidence: number;
  readonly warnings: readonly string[];
  /** The words the line was read from, with offsets into the body the parser read (see `readFrom`). */
  readonly source: ParsedLine['source'];
  /** Why the words name the product: its SKU, an alias, name words in any order, or a corrected typo. */
  readonly match: ParsedLine['match'];
}

/** The response of POST /messages/{id}/draft-order; nothing of it is stored. */
export interface DraftOrder {
  readonly customerEmail: string;
  readonly memo: string;
  /** Null when no line could be priced. */
  readonly currency: CurrencyCode | null;
  readonly lines: readonly DraftLine[];
  readonly warnings: readonly string[];
  readonly total: number;
  /** The part of the mail the lines were read from: its text part, or its HTML part as text. */
  readonly readFrom: 'text' | 'html';
}

const MEMO_MAX = 200;

/** The memo for an order: the subject without Re:/Fwd: prefixes and control characters, ≤ 200 chars. */
export function memoFromSubject(subject: string): string {
  const flat = subject.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ');
  const text = stripSubjectPrefixes(flat);
  return Array.from(text).slice(0, MEMO_MAX).join('').trim();
}

/**
 * Prices parsed lines for a person to review. One currency per order: the currency of the first
 * priced line wins and lines priced in another currency are left out with a warning (a draft is a
 * proposal, so it informs rather than fails; confirming mixed currencies is refused by
 * validateOrderLines). Unknown or inactive products are left out with a warning too.
 * @throws ValidationError when customerEmail contains control characters (header injection)
 */
export function draftOrder(input: DraftOrderInput): DraftOrder {
  const customerEmail = input.customerEmail.trim();
  if (CONTROL_CHARS.test(customerEmail)) {
    throw new ValidationError([{ pointer: '#/customerEmail', detail: 'must not contain control characters' }]);
  }
  const warnings = [...input.parsed.warnings];
  const pct = discountOf(input.discountPct, warnings);
  let currency: CurrencyCode | null = null;
  const lines: DraftLine[] = [];
  for (const parsed of input.parsed.lines) {
    const product = input.products.get(parsed.productId);
    if (product === undefined || !product.active) {
      warnings.push(`${parsed.description} is not an active product any more; not added`);
      continue;
    }
    const code = product.currency.toUpperCase();
    if (!isCurrency(code)) {
      warnings.push(`${product.name} has an unsupported currency ${product.currency}; not added`);
      continue;
    }
    currency ??= code;
    if (code !== currency) {
      warnings.push(`${product.name} is priced in ${code} but the order is in ${currency}; not added`);
      continue;
    }
    const unitAmount = pct === 0 ? product.unitAmount : applyDiscountPct(product.unitAmount, pct);
    lines.push({
      productId: product.id, sku: product.sku, description: product.name, quantity: parsed.quantity,
      unitAmount, confidence: parsed.confidence, warnings: parsed.warnings, source: parsed.source, match: parsed.match,
    });
  }
  const total = orderTotal(lines);
  if (total > MAX_ORDER_TOTAL) warnings.push(`The total exceeds ${MAX_ORDER_TOTAL} minor units, the most one payment link can ask for`);
  return { customerEmail, memo: memoFromSubject(input.subject ?? ''), currency, lines, warnings, total, readFrom: input.parsed.body.from };
}

function discountOf(pct: number | undefined, warnings: string[]): number {
  if (pct === undefined || pct === 0) return 0;
  if (!Number.isFinite(pct) || pct < 0 || pct > 100) {
    warnings.push('The contact discount is outside 0..100 and was not applied');
    return 0;
  }
  return Math.round(pct * 10_000) / 10_000;
}
