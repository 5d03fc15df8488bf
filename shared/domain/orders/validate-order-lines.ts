import { ValidationError, type FieldIssue } from '../errors.js';
import { isCurrency, type CurrencyCode } from '../money/currencies.js';
import { MoneyOverflowError, orderTotal } from '../money/money-math.js';
import { CONTROL_CHARS, MAX_LINE_QUANTITY, MAX_ORDER_TOTAL, type PricedProduct } from './priced-product.js';

/** A line as staff confirm it: a catalog product, or a free-text line (no productId) with a description. */
export interface OrderLineInput {
  readonly productId?: string;
  readonly sku?: string;
  readonly description?: string;
  readonly quantity: number;
  readonly unitAmount: number;
}

/**
 * Checks the lines of a confirm before anything is stored or charged. Product lines must name an
 * active catalog product (and its sku, when given); free-text lines (e.g. shipping) need a
 * description and take the order currency. All product lines share one currency, which must equal
 * `currency` when given; with free-text lines only, `currency` is required. Quantities are whole,
 * 1..10000; unit amounts whole minor units ≥ 0; the total at most 99,999,999 (Stripe's maximum).
 * @returns the order currency and total in minor units
 * @throws ValidationError listing every problem with JSON pointers such as '#/lines/0/quantity'
 */
export function validateOrderLines(
  lines: readonly OrderLineInput[],
  catalog: ReadonlyMap<string, PricedProduct>,
  currency?: string,
): { currency: CurrencyCode; total: number } {
  const issues: FieldIssue[] = [];
  const add = (pointer: string, detail: string): void => void issues.push({ pointer, detail });
  if (lines.length < 1 || lines.length > 100) add('#/lines', 'must hold 1 to 100 lines');
  let orderCurrency: string | undefined = currency?.toUpperCase();
  if (orderCurrency !== undefined && !isCurrency(orderCurrency)) add('#/currency', 'is not a supported ISO 4217 currency');
  lines.forEach((line, i) => {
    const at = `#/lines/${i}`;
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      add(`${at}/quantity`, `must be a whole number from 1 to ${MAX_LINE_QUANTITY}`);
    }
    if (!Number.isSafeInteger(line.unitAmount) || line.unitAmount < 0) add(`${at}/unitAmount`, 'must be a whole number of minor units ≥ 0');
    const description = line.description?.trim() ?? '';
    if (line.description !== undefined && (CONTROL_CHARS.test(line.description) || description.length > 500)) {
      add(`${at}/description`, 'must be one line of at most 500 characters');
    }
    if (line.productId === undefined) {
      if (description === '') add(`${at}/description`, 'is required for a line without a product');
      return;
    }
    const product = catalog.get(line.productId);
    if (product === undefined) return add(`${at}/productId`, 'is not a product of this Space');
    if (!product.active) return add(`${at}/productId`, 'is not an active product');
    if (line.sku !== undefined && line.sku.toUpperCase() !== product.sku.toUpperCase()) add(`${at}/sku`, `does not match the product (${product.sku})`);
    const code = product.currency.toUpperCase();
    orderCurrency ??= code;
    if (code !== orderCurrency) add(`${at}/productId`, `is priced in ${code}, the order in ${orderCurrency}`);
  });
  if (orderCurrency === undefined) add('#/currency', 'is required when no line names a product');
  if (issues.length > 0) throw new ValidationError(issues);
  let total: number;
  try {
    total = orderTotal(lines);
  } catch (err) {
    if (err instanceof MoneyOverflowError) throw new ValidationError([{ pointer: '#/lines', detail: 'total is too large' }]);
    throw err;
  }
  if (total > MAX_ORDER_TOTAL) throw new ValidationError([{ pointer: '#/lines', detail: `total ${total} exceeds ${MAX_ORDER_TOTAL} minor units` }]);
  return { currency: orderCurrency as CurrencyCode, total };
}
