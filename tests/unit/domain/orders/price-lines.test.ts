import { describe, expect, it } from 'vitest';
import { priceLines, type PricingContext } from '../../../../shared/domain/orders/price-lines.js';
import { aProduct } from './order-builders.js';

const catalog = new Map([['p1', aProduct({ unitAmount: 1005 })], ['p2', aProduct({ id: 'p2', sku: 'G-PRO', unitAmount: 2500 })]]);
const staff: PricingContext = { discountPct: 0, caller: { userId: 'u-staff', role: 'staff' }, at: '2026-01-01T00:00:00.000Z' };
const admin: PricingContext = { ...staff, caller: { userId: 'u-admin', role: 'admin' } };
const p1 = (unitAmount: number, extra: Record<string, unknown> = {}) => ({ productId: 'p1', description: 'Widget', quantity: 3, unitAmount, ...extra });
const p2 = (unitAmount: number) => ({ productId: 'p2', description: 'Gadget Pro', quantity: 1, unitAmount });

describe('priceLines', () => {
  it('accepts catalog prices after the discount, rounded half to even, and totals them', () => {
    const priced = priceLines([p1(904), p2(2250)], catalog, { ...staff, discountPct: 10 });

    expect(priced.total).toBe(3 * 904 + 2250);
    expect(priced.lines.map((l) => l.amount)).toEqual([2712, 2250]);
    expect(priced.lines.every((l) => l.priceOverride === undefined)).toBe(true);
  });

  it('names every line off the catalog price with the price it expected', () => {
    const attempt = () => priceLines([p1(1), p2(2500), p2(2499)], catalog, staff);

    expect(attempt).toThrow(expect.objectContaining({
      code: 'price-mismatch',
      errors: [expect.objectContaining({ pointer: '#/lines/0/unitAmount', expectedUnitAmount: 1005 }), expect.objectContaining({ pointer: '#/lines/2/unitAmount', expectedUnitAmount: 2500 })],
    }));
  });

  it('records an admin override with who, why, when and the catalog price it replaced', () => {
    const priced = priceLines([p1(1, { priceOverride: { unitAmount: 1, reason: ' Trade show ' } })], catalog, { ...admin, discountPct: 10 });

    expect(priced.lines[0]!.priceOverride).toEqual({ reason: 'Trade show', by: 'u-admin', at: admin.at, catalogUnitAmount: 904 });
  });

  it('refuses overrides and lines without a product from staff, as forbidden', () => {
    const attempt = () => priceLines([p1(1, { priceOverride: { unitAmount: 1, reason: 'Friend' } }), { description: 'Shipping', quantity: 1, unitAmount: 900 }], catalog, staff);

    expect(attempt).toThrow(expect.objectContaining({ code: 'forbidden', extra: { errors: [expect.objectContaining({ pointer: '#/lines/0/priceOverride' }), expect.objectContaining({ pointer: '#/lines/1' })] } }));
  });

  it('asks an admin for a reason on a line without a product and for an override that agrees with unitAmount', () => {
    const attempt = () => priceLines([{ description: 'Shipping', quantity: 1, unitAmount: 900 }, p1(5, { priceOverride: { unitAmount: 6, reason: 'Typo' } })], catalog, { ...admin, currency: 'USD' });

    expect(attempt).toThrow(expect.objectContaining({ code: 'validation-failed', errors: [
      expect.objectContaining({ pointer: '#/lines/0/priceOverride' }), expect.objectContaining({ pointer: '#/lines/1/priceOverride/unitAmount' }),
    ] }));
  });

  it('prices an admin\'s line without a product at the amount given, without a catalog price', () => {
    const priced = priceLines([p2(2500), { description: 'Shipping', quantity: 1, unitAmount: 900, priceOverride: { unitAmount: 900, reason: 'Express' } }], catalog, admin);

    expect(priced.total).toBe(3400);
    expect(priced.lines[1]!.priceOverride).toEqual({ reason: 'Express', by: 'u-admin', at: admin.at });
  });
});
