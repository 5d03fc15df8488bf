import { describe, expect, it } from 'vitest';
import { CURRENCIES, isCurrency, minorUnitsOf } from '../../../../shared/domain/money/currencies.js';
import { formatMoney } from '../../../../shared/domain/money/format-money.js';
import { applyDiscountPct, lineTotal, MoneyOverflowError, orderTotal } from '../../../../shared/domain/money/money-math.js';

describe('currencies', () => {
  it('knows at least 40 ISO 4217 codes with their minor units', () => {
    expect(Object.keys(CURRENCIES).length).toBeGreaterThanOrEqual(40);
    expect([minorUnitsOf('USD'), minorUnitsOf('EUR'), minorUnitsOf('GBP')]).toEqual([2, 2, 2]);
    expect([minorUnitsOf('JPY'), minorUnitsOf('KRW')]).toEqual([0, 0]);
    expect([minorUnitsOf('KWD'), minorUnitsOf('BHD')]).toEqual([3, 3]);
  });

  it('accepts upper-case codes only', () => {
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('usd')).toBe(false);
    expect(isCurrency('XYZ')).toBe(false);
    expect(isCurrency('constructor')).toBe(false);
    expect(isCurrency(42)).toBe(false);
  });
});

describe('applyDiscountPct', () => {
  it('rounds half to even in minor units', () => {
    expect(applyDiscountPct(1005, 10)).toBe(904); // 904.5 -> 904
    expect(applyDiscountPct(1015, 10)).toBe(914); // 913.5 -> 914
    expect(applyDiscountPct(999, 12.5)).toBe(874); // 874.125
    expect(applyDiscountPct(5, 50)).toBe(2); // 2.5 -> 2
    expect(applyDiscountPct(7, 50)).toBe(4); // 3.5 -> 4
  });

  it('keeps the price at 0 % and zeroes it at 100 %', () => {
    expect(applyDiscountPct(1234, 0)).toBe(1234);
    expect(applyDiscountPct(1234, 100)).toBe(0);
  });

  it('rejects a percentage outside 0..100 or with more than 4 decimals', () => {
    expect(() => applyDiscountPct(100, -1)).toThrow(RangeError);
    expect(() => applyDiscountPct(100, 101)).toThrow(RangeError);
    expect(() => applyDiscountPct(100, 1.00001)).toThrow(RangeError);
    expect(() => applyDiscountPct(1.5, 10)).toThrow(RangeError);
  });
});

describe('lineTotal and orderTotal', () => {
  it('multiplies and sums in integers', () => {
    expect(lineTotal(1999, 3)).toBe(5997);
    expect(orderTotal([{ unitAmount: 1999, quantity: 3 }, { unitAmount: 1, quantity: 1 }])).toBe(5998);
    expect(orderTotal([])).toBe(0);
  });

  it('rejects totals past Number.MAX_SAFE_INTEGER', () => {
    expect(() => lineTotal(Number.MAX_SAFE_INTEGER, 2)).toThrow(MoneyOverflowError);
    const half = Math.ceil(Number.MAX_SAFE_INTEGER / 2);
    expect(() => orderTotal([{ unitAmount: half, quantity: 1 }, { unitAmount: half, quantity: 1 }])).toThrow(MoneyOverflowError);
  });
});

describe('formatMoney', () => {
  it('formats with the currency exponent, exactly', () => {
    expect(formatMoney(123456, 'USD')).toBe('$1,234.56');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
    expect(formatMoney(1500, 'KWD')).toMatch(/^KWD\s1\.500$/u); // Intl puts a no-break space here
    expect(formatMoney(5, 'EUR')).toBe('€0.05');
    expect(formatMoney(9_007_199_254_740_991, 'USD')).toBe('$90,071,992,547,409.91');
  });
});
