import { describe, expect, it } from 'vitest';
import { fromStripeAmount, stripeChargeIssues, toStripeAmount } from '../../../../shared/adapters/payments/stripe-currencies.js';
import { CURRENCIES, type CurrencyCode } from '../../../../shared/domain/money/currencies.js';

const one = (currency: CurrencyCode, unitAmount: number, quantity = 1) => stripeChargeIssues({ currency, lines: [{ unitAmount, quantity }] });

describe('Stripe amounts', () => {
  it.each([
    ['ISK', 5_000, 500_000], ['UGX', 12_000, 1_200_000], ['HUF', 150_000, 150_000], ['TWD', 30_000, 30_000],
    ['JPY', 500, 500], ['KWD', 1_250, 1_250], ['USD', 1_999, 1_999],
  ] as const)('writes %s %i as %i in Stripe\'s unit and reads it back', (currency, iso, stripe) => {
    expect(toStripeAmount(iso, currency)).toBe(stripe);
    expect(fromStripeAmount(stripe, currency.toLowerCase())).toBe(iso);
  });

  it('reads a Stripe amount with no exact ISO value as undefined', () => {
    expect(fromStripeAmount(500_050, 'isk')).toBeUndefined();
    expect(fromStripeAmount(100, 'iqd')).toBeUndefined();
  });

  it('refuses fractional forints and Taiwan cents, three-decimal amounts not ending in 0, and IQD', () => {
    expect(one('HUF', 12_345)).toEqual([expect.objectContaining({ pointer: '#/lines/0/unitAmount' })]);
    expect(one('TWD', 1_050)).toEqual([expect.objectContaining({ pointer: '#/lines/0/unitAmount' })]);
    expect(one('KWD', 1_255)).toEqual([expect.objectContaining({ pointer: '#/lines/0/unitAmount' })]);
    expect(one('IQD', 1_000)).toEqual([expect.objectContaining({ pointer: '#/currency' })]);
    expect(one('HUF', 12_300)).toEqual([]);
    expect(one('KWD', 1_250)).toEqual([]);
  });

  it('refuses a total above eight digits in Stripe\'s unit, which for ISK is 999,999 krónur', () => {
    expect(one('ISK', 999_999)).toEqual([]);
    expect(one('ISK', 500_000, 2)).toEqual([expect.objectContaining({ pointer: '#/lines' })]);
  });

  it('refuses an order of 0, which Checkout cannot take as a payment', () => {
    expect(one('USD', 0, 3)).toEqual([expect.objectContaining({ pointer: '#/lines' })]);
  });

  it('knows a rule for every ISO currency except the two Stripe does not present', () => {
    const refused = (Object.keys(CURRENCIES) as CurrencyCode[]).filter((c) => one(c, 1_000).some((i) => i.pointer === '#/currency'));

    expect(refused).toEqual(['IQD', 'LYD']);
  });
});
