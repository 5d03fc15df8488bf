import { ForbiddenError, ValidationError, type FieldIssue } from '../errors.js';
import type { CurrencyCode } from '../money/currencies.js';
import { applyDiscountPct, lineTotal } from '../money/money-math.js';
import { PriceMismatchError } from './order-errors.js';
import type { OrderLine, PriceOverride } from './order.js';
import type { PricedProduct } from './priced-product.js';
import { validateOrderLines, type OrderLineInput } from './validate-order-lines.js';

/** A confirmed line as the client sends it; `priceOverride` is an admin's explicit price with a reason. */
export interface ConfirmLineInput extends OrderLineInput {
  readonly priceOverride?: { readonly unitAmount: number; readonly reason: string };
}

export interface PricingContext {
  readonly currency?: string;
  /** The customer's wholesale discount, 0 for none. */
  readonly discountPct: number;
  readonly caller: { readonly userId: string; readonly role: 'admin' | 'staff' };
  readonly at: string;
}

/**
 * Prices confirmed lines on the server. A catalog line's unit price must be the catalog price after
 * the customer's discount; only an admin may set another one, with a reason, and the line then
 * carries the override (who, why, the catalog price it replaced). A line without a product has no
 * catalog price, so it is an admin's explicit price too. The client's unitAmount is never trusted.
 * @throws ValidationError (shape, catalog, currency, limits; an override without a reason or
 *   disagreeing with unitAmount), ForbiddenError (staff sending an override or a line without a
 *   product), PriceMismatchError (a catalog line off the catalog price); each names its lines
 */
export function priceLines(lines: readonly ConfirmLineInput[], catalog: ReadonlyMap<string, PricedProduct>, ctx: PricingContext):
  { lines: OrderLine[]; currency: CurrencyCode; total: number } {
  const { currency, total } = validateOrderLines(lines, catalog, ctx.currency);
  const invalid: FieldIssue[] = [];
  const forbidden: FieldIssue[] = [];
  const mismatched: (FieldIssue & { expectedUnitAmount: number })[] = [];
  const priced = lines.map((line, i): OrderLine => {
    const at = `#/lines/${i}`;
    const product = line.productId === undefined ? undefined : catalog.get(line.productId);
    const expected = product && (ctx.discountPct ? applyDiscountPct(product.unitAmount, ctx.discountPct) : product.unitAmount);
    const base = {
      ...(line.productId !== undefined ? { productId: line.productId } : {}), ...(line.sku !== undefined ? { sku: line.sku } : {}),
      description: (line.description ?? '').trim(), quantity: line.quantity, unitAmount: line.unitAmount, amount: lineTotal(line.unitAmount, line.quantity),
    };
    const override = line.priceOverride;
    if (!override) {
      if (expected === undefined && ctx.caller.role !== 'admin') forbidden.push({ pointer: at, detail: 'a line without a product has no catalog price: only an admin may add one, with priceOverride' });
      else if (expected === undefined) invalid.push({ pointer: `${at}/priceOverride`, detail: 'is required, with a reason, on a line without a product' });
      else if (line.unitAmount !== expected) mismatched.push({ pointer: `${at}/unitAmount`, detail: `is ${line.unitAmount}; the catalog price${ctx.discountPct ? ` after the ${ctx.discountPct}% discount` : ''} is ${expected}`, expectedUnitAmount: expected });
      return base;
    }
    if (ctx.caller.role !== 'admin') {
      forbidden.push(expected === undefined
        ? { pointer: at, detail: 'a line without a product has no catalog price: only an admin may add one' }
        : { pointer: `${at}/priceOverride`, detail: 'only an admin may set a price other than the catalog price' });
    }
    if (override.unitAmount !== line.unitAmount) invalid.push({ pointer: `${at}/priceOverride/unitAmount`, detail: `must equal the line's unitAmount (${line.unitAmount})` });
    const recorded: PriceOverride = { reason: override.reason.trim(), by: ctx.caller.userId, at: ctx.at, ...(expected !== undefined ? { catalogUnitAmount: expected } : {}) };
    return { ...base, priceOverride: recorded };
  });
  if (invalid.length > 0) throw new ValidationError(invalid);
  if (forbidden.length > 0) throw new ForbiddenError('Only an admin may price a line other than from the catalog', { errors: forbidden });
  if (mismatched.length > 0) throw new PriceMismatchError(mismatched);
  return { lines: priced, currency, total };
}
