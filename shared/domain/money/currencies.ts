/**
 * ISO 4217 currencies with their minor-unit exponents (the ISO table, not a payment provider's
 * quirks: Stripe's special cases such as HUF, TWD or ISK belong to the payments adapter).
 */
export const CURRENCIES = {
  AED: 2, ARS: 2, AUD: 2, BGN: 2, BHD: 3, BIF: 0, BRL: 2, CAD: 2, CHF: 2, CLP: 0,
  CNY: 2, COP: 2, CZK: 2, DJF: 0, DKK: 2, EGP: 2, EUR: 2, GBP: 2, GNF: 0, HKD: 2,
  HUF: 2, IDR: 2, ILS: 2, INR: 2, IQD: 3, ISK: 0, JOD: 3, JPY: 0, KES: 2, KMF: 0,
  KRW: 0, KWD: 3, LYD: 3, MAD: 2, MXN: 2, MYR: 2, NGN: 2, NOK: 2, NZD: 2, OMR: 3,
  PEN: 2, PHP: 2, PKR: 2, PLN: 2, PYG: 0, QAR: 2, RON: 2, RWF: 0, SAR: 2, SEK: 2,
  SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2, UAH: 2, UGX: 0, USD: 2, UYU: 2, VND: 0,
  VUV: 0, XAF: 0, XOF: 0, XPF: 0, ZAR: 2,
} as const satisfies Record<string, 0 | 2 | 3>;

/** An upper-case ISO 4217 code from the table above. */
export type CurrencyCode = keyof typeof CURRENCIES;

/** True when `value` is a known ISO 4217 code (upper case, as stored on products and orders). */
export function isCurrency(value: unknown): value is CurrencyCode {
  return typeof value === 'string' && Object.hasOwn(CURRENCIES, value);
}

/** Number of decimal places of the currency's minor unit (JPY 0, USD 2, KWD 3). */
export function minorUnitsOf(currency: CurrencyCode): 0 | 2 | 3 {
  return CURRENCIES[currency];
}
