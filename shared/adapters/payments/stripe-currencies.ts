import type { FieldIssue } from '../../domain/errors.js';
import { isCurrency, minorUnitsOf, type CurrencyCode } from '../../domain/money/currencies.js';
import type { ChargeDraft, ProviderAmounts } from '../../domain/orders/ports.js';

/** How Stripe writes amounts of one currency: decimals of its API unit and the step amounts must keep. */
export interface StripeCurrencyRule {
  readonly exponent: 0 | 2 | 3;
  /** Every amount sent to Stripe must be a multiple of this, in Stripe's unit. */
  readonly step: 1 | 10 | 100;
  readonly why?: string;
}

/**
 * Stripe's amount rules for the presentment currencies we know, from https://docs.stripe.com/currencies
 * ("Minor units in API amounts", "Zero-decimal currencies", "Three-decimal currencies", "Special
 * cases") and https://support.stripe.com/questions/deprecation-of-fractional-isk-charges-and-refunds.
 * They differ from ISO 4217 where Stripe kept an old representation:
 * - ISK and UGX are zero-decimal at ISO but two-decimal in Stripe's API, whole units only, so
 *   1 króna is 100 and amounts must be divisible by 100;
 * - HUF and TWD are two-decimal in the API, but Stripe settles and pays them out in whole units,
 *   so we send whole forints and dollars only (divisible by 100) rather than let Stripe round;
 * - the three-decimal currencies must end in 0 (Stripe's partners take two decimals).
 * Currencies of our ISO table that Stripe does not present (IQD, LYD) are absent: refused.
 */
const ZERO = { exponent: 0, step: 1 } as const;
const TWO = { exponent: 2, step: 1 } as const;
const THREE = { exponent: 3, step: 10, why: 'Stripe needs three-decimal amounts to end in 0' } as const;
const WHOLE_IN_TWO = (code: string) => ({ exponent: 2, step: 100, why: `Stripe takes ${code} in whole units only` }) as const;

export const STRIPE_CURRENCIES: Readonly<Partial<Record<CurrencyCode, StripeCurrencyRule>>> = {
  AED: TWO, ARS: TWO, AUD: TWO, BGN: TWO, BHD: THREE, BIF: ZERO, BRL: TWO, CAD: TWO, CHF: TWO, CLP: ZERO,
  CNY: TWO, COP: TWO, CZK: TWO, DJF: ZERO, DKK: TWO, EGP: TWO, EUR: TWO, GBP: TWO, GNF: ZERO, HKD: TWO,
  HUF: WHOLE_IN_TWO('HUF'), IDR: TWO, ILS: TWO, INR: TWO, ISK: WHOLE_IN_TWO('ISK'), JOD: THREE, JPY: ZERO, KES: TWO, KMF: ZERO,
  KRW: ZERO, KWD: THREE, MAD: TWO, MXN: TWO, MYR: TWO, NGN: TWO, NOK: TWO, NZD: TWO, OMR: THREE,
  PEN: TWO, PHP: TWO, PKR: TWO, PLN: TWO, PYG: ZERO, QAR: TWO, RON: TWO, RWF: ZERO, SAR: TWO, SEK: TWO,
  SGD: TWO, THB: TWO, TND: THREE, TRY: TWO, TWD: WHOLE_IN_TWO('TWD'), UAH: TWO, UGX: WHOLE_IN_TWO('UGX'), USD: TWO, UYU: TWO, VND: ZERO,
  VUV: ZERO, XAF: ZERO, XOF: ZERO, XPF: ZERO, ZAR: TWO,
};

/** Stripe's largest amount for one Checkout Session, in its own unit (eight digits). */
export const STRIPE_MAX_AMOUNT = 99_999_999;

export const stripeRuleOf = (currency: string): StripeCurrencyRule | undefined => {
  const code = currency.toUpperCase();
  return isCurrency(code) ? STRIPE_CURRENCIES[code] : undefined;
};

/** 10^(Stripe's exponent − ISO's): 100 for ISK and UGX, 1 for the rest (Stripe never has fewer decimals than ISO here). */
const scaleOf = (code: CurrencyCode, rule: StripeCurrencyRule): number => 10 ** (rule.exponent - minorUnitsOf(code));

/**
 * ISO minor units → Stripe's unit. Call only with amounts `stripeChargeIssues` accepted.
 * @throws RangeError for an unsupported currency or an amount Stripe cannot represent
 */
export function toStripeAmount(isoMinor: number, currency: CurrencyCode): number {
  const rule = STRIPE_CURRENCIES[currency];
  if (!rule) throw new RangeError(`Stripe does not charge ${currency}`);
  const amount = isoMinor * scaleOf(currency, rule);
  if (!Number.isSafeInteger(amount) || amount % rule.step !== 0) throw new RangeError(`${isoMinor} ${currency} is not a Stripe amount`);
  return amount;
}

/** Stripe's unit → ISO minor units; undefined when the amount has no exact ISO value (or the currency is unknown). */
export function fromStripeAmount(stripeAmount: number, currency: string): number | undefined {
  const code = currency.toUpperCase();
  const rule = stripeRuleOf(code);
  if (!rule || !Number.isSafeInteger(stripeAmount)) return undefined;
  const scale = scaleOf(code as CurrencyCode, rule);
  return stripeAmount % scale === 0 ? stripeAmount / scale : undefined;
}

/** Why Stripe would refuse these amounts, with pointers into the confirm body; empty when it can charge them. */
export function stripeChargeIssues(charge: ChargeDraft): FieldIssue[] {
  const rule = STRIPE_CURRENCIES[charge.currency];
  if (!rule) return [{ pointer: '#/currency', detail: `${charge.currency} is not a currency Stripe can charge` }];
  const scale = scaleOf(charge.currency, rule);
  const issues: FieldIssue[] = [];
  let total = 0;
  charge.lines.forEach((line, i) => {
    const unit = line.unitAmount * scale;
    if (unit % rule.step !== 0) issues.push({ pointer: `#/lines/${i}/unitAmount`, detail: `${rule.why ?? 'Stripe cannot charge this amount'}: ${line.unitAmount} is not a multiple of ${rule.step / scale} minor units` });
    total += unit * line.quantity;
  });
  if (total === 0) issues.push({ pointer: '#/lines', detail: 'a payment of 0 cannot be taken through Stripe Checkout' });
  if (total > STRIPE_MAX_AMOUNT) issues.push({ pointer: '#/lines', detail: `the total is more than Stripe takes in one payment (${STRIPE_MAX_AMOUNT} in its unit of ${charge.currency})` });
  return issues;
}

/** The webhook's view of Stripe amounts, in ISO minor units. */
export const stripeAmounts: ProviderAmounts = { toMinorUnits: fromStripeAmount };
