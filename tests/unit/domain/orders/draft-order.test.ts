import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/domain/errors.js';
import { draftOrder, memoFromSubject } from '../../../../shared/domain/orders/draft-order.js';
import type { ParsedLine, ParsedOrder } from '../../../../shared/domain/orders/parse-order-lines.js';
import type { PricedProduct } from '../../../../shared/domain/orders/priced-product.js';
import { validateOrderLines } from '../../../../shared/domain/orders/validate-order-lines.js';

const aProduct = (over: Partial<PricedProduct> = {}): PricedProduct =>
  ({ id: 'p1', sku: 'GAD-PRO', name: 'Gadget Pro', unitAmount: 1005, currency: 'USD', active: true, ...over });
const catalog = new Map<string, PricedProduct>([
  ['p1', aProduct()],
  ['p2', aProduct({ id: 'p2', sku: 'LMP', name: 'Desk Lamp', unitAmount: 1015 })],
  ['p3', aProduct({ id: 'p3', sku: 'EU', name: 'Euro Adapter', unitAmount: 700, currency: 'EUR' })],
  ['p4', aProduct({ id: 'p4', sku: 'OLD', name: 'Old Thing', active: false })],
]);
const aLine = (productId: string, quantity: number): ParsedLine =>
  ({ productId, sku: catalog.get(productId)?.sku ?? '', description: 'x', quantity, confidence: 1, warnings: [], source: { text: 'x', start: 0, end: 1 }, match: 'name_tokens' });
const parsed = (...lines: ParsedLine[]): ParsedOrder => ({ lines, warnings: [], body: { from: 'text', text: 'x' } });

describe('draftOrder', () => {
  it('applies the contact discount half-even and totals the lines', () => {
    const draft = draftOrder({ parsed: parsed(aLine('p1', 2), aLine('p2', 1)), products: catalog, discountPct: 10, customerEmail: ' a@x.example ', subject: 'Re: Order' });

    expect(draft.lines.map((l) => l.unitAmount)).toEqual([904, 914]);
    expect(draft.total).toBe(904 * 2 + 914);
    expect(draft).toMatchObject({ customerEmail: 'a@x.example', memo: 'Order', currency: 'USD' });
  });

  it('keeps the first currency and leaves other currencies out with a warning', () => {
    const draft = draftOrder({ parsed: parsed(aLine('p1', 1), aLine('p3', 2)), products: catalog, customerEmail: 'a@x.example' });

    expect(draft.lines.map((l) => l.sku)).toEqual(['GAD-PRO']);
    expect(draft.warnings.join()).toContain('EUR');
  });

  it('leaves out inactive or vanished products with a warning', () => {
    const draft = draftOrder({ parsed: parsed(aLine('p4', 1), aLine('gone', 1)), products: catalog, customerEmail: 'a@x.example' });

    expect(draft.lines).toEqual([]);
    expect(draft.currency).toBeNull();
    expect(draft.warnings).toHaveLength(2);
  });

  it('refuses a customer email with a line break', () => {
    expect(() => draftOrder({ parsed: parsed(), products: catalog, customerEmail: 'a@x.example\r\nBcc: e@evil.example' })).toThrow(ValidationError);
  });
});

describe('memoFromSubject', () => {
  it('strips reply prefixes and control characters and caps at 200 characters', () => {
    expect(memoFromSubject('Re: Fwd: RE: Order 12\r\nBcc: x')).toBe('Order 12 Bcc: x');
    expect(memoFromSubject('AW: Bestellung\u2028zwei')).toBe('Bestellung zwei');
    expect(Array.from(memoFromSubject('😀'.repeat(300)))).toHaveLength(200);
  });
});

describe('validateOrderLines', () => {
  const pointers = (fn: () => unknown): string[] => {
    try {
      fn();
    } catch (err) {
      if (err instanceof ValidationError) return err.errors.map((e) => e.pointer);
      throw err;
    }
    return [];
  };

  it('returns the currency and total of valid lines, free-text lines included', () => {
    const lines = [{ productId: 'p1', quantity: 2, unitAmount: 1000 }, { description: 'Shipping', quantity: 1, unitAmount: 500 }];
    expect(validateOrderLines(lines, catalog)).toEqual({ currency: 'USD', total: 2500 });
  });

  it('rejects a zero quantity and points at the field', () => {
    expect(pointers(() => validateOrderLines([{ productId: 'p1', quantity: 0, unitAmount: 1 }], catalog))).toEqual(['#/lines/0/quantity']);
  });

  it('rejects fractional or negative amounts and quantities above 10000', () => {
    const lines = [{ productId: 'p1', quantity: 10_001, unitAmount: 1.5 }, { productId: 'p1', quantity: 1.5, unitAmount: -1 }];
    expect(pointers(() => validateOrderLines(lines, catalog))).toEqual(['#/lines/0/quantity', '#/lines/0/unitAmount', '#/lines/1/quantity', '#/lines/1/unitAmount']);
  });

  it('rejects unknown and inactive products and a wrong sku', () => {
    const lines = [{ productId: 'nope', quantity: 1, unitAmount: 1 }, { productId: 'p4', quantity: 1, unitAmount: 1 }, { productId: 'p1', sku: 'LMP', quantity: 1, unitAmount: 1 }];
    expect(pointers(() => validateOrderLines(lines, catalog))).toEqual(['#/lines/0/productId', '#/lines/1/productId', '#/lines/2/sku']);
  });

  it('rejects mixed currencies and a currency that differs from the products', () => {
    const lines = [{ productId: 'p1', quantity: 1, unitAmount: 1 }, { productId: 'p3', quantity: 1, unitAmount: 1 }];
    expect(pointers(() => validateOrderLines(lines, catalog))).toEqual(['#/lines/1/productId']);
    expect(pointers(() => validateOrderLines(lines.slice(0, 1), catalog, 'EUR'))).toEqual(['#/lines/0/productId']);
  });

  it('requires a currency and descriptions for free-text-only orders', () => {
    expect(pointers(() => validateOrderLines([{ description: ' ', quantity: 1, unitAmount: 1 }], catalog))).toEqual(['#/lines/0/description', '#/currency']);
  });

  it('rejects an empty order and a total above Stripe\'s maximum', () => {
    expect(pointers(() => validateOrderLines([], catalog))).toContain('#/lines');
    expect(pointers(() => validateOrderLines([{ productId: 'p1', quantity: 10_000, unitAmount: 10_000 }], catalog))).toEqual(['#/lines']);
  });
});
