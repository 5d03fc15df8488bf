import { minorUnitsOf, type CurrencyCode } from './currencies.js';

/**
 * Human text for an amount in minor units, for emails: `formatMoney(123456, 'USD')` is "$1,234.56",
 * `formatMoney(500, 'JPY')` is "¥500", `formatMoney(1500, 'KWD')` is "KWD 1.500". Exact for every
 * safe integer: the decimal is built as a string, never through floating-point division.
 */
export function formatMoney(amountMinor: number, currency: CurrencyCode, locale = 'en-US'): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError('amount must be a safe integer');
  const digits = minorUnitsOf(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const decimal = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl formats decimal strings exactly (no rounding through a double).
  return format.format(`${sign}${decimal}` as unknown as number);
}
