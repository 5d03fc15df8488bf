import type { CurrencyCode } from '../money/currencies.js';

/**
 * Where an order stands; the Stripe webhook moves it forward (resend-link is the one way back), and
 * staff may cancel an order nobody paid (after its Checkout Session is expired).
 */
export type OrderStatus = 'awaiting_payment' | 'paid' | 'payment_failed' | 'expired' | 'refunded' | 'cancelled';

/**
 * A refund asked for from the CRM: `sending` until the provider answers, then `accepted` (the
 * provider made the refund; `providerStatus` is its own status) or `failed` (no money moved).
 */
export interface OrderRefund {
  /** Position in the order's list; part of the provider idempotency key. */
  readonly n: number;
  readonly amount: number;
  readonly reason?: string;
  readonly note?: string;
  readonly by: string;
  readonly at: string;
  /** Sent to the provider with the refund, so a retry never refunds twice. */
  readonly idempotencyKey: string;
  /** The caller's Idempotency-Key, so the same request is answered with the same refund. */
  readonly requestKey?: string;
  readonly state: 'sending' | 'accepted' | 'failed';
  readonly refundId?: string;
  readonly providerStatus?: string;
  readonly failure?: string;
}

/** The side effects of a confirm, each recorded on the order once done (ISO time). */
export type OrderStep = 'checkout' | 'email' | 'linked' | 'receipt';

/** A price an admin set instead of the catalog's (or for a line without a product), with who and why. */
export interface PriceOverride {
  readonly reason: string;
  /** The admin's user id. */
  readonly by: string;
  readonly at: string;
  /** The catalog price after the contact's discount that the override replaced; absent on a line without a product. */
  readonly catalogUnitAmount?: number;
}

/** Something a Stripe event told us that does not fit the order; kept with the event, resolved by a later one. */
export interface OrderAnomaly {
  /** amount-mismatch, currency-mismatch, partial-refund, payment-on-<status>-order, refund-on-<status>-order. */
  readonly kind: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly at: string;
  /** What differed, for a person (amounts in minor units of the order currency). */
  readonly detail: string;
  /** The later event that set things right; absent while the anomaly is open. */
  readonly resolvedBy?: { readonly eventId: string; readonly eventType: string; readonly at: string };
}

/** A payment email or receipt of the order that did not reach the customer, or that they reported as spam. */
export interface OrderMailProblem {
  readonly type: 'bounce' | 'complaint';
  /** Which mail of the order. */
  readonly mail: 'payment' | 'receipt';
  /** Our Message-ID of that mail (the reply token). */
  readonly messageId: string;
  readonly recipient: string;
  /** RFC 3463 status of a bounce (5.1.1) or the complaint's feedback type; absent when unknown. */
  readonly status?: string;
  readonly at: string;
  /** `dsn`: a bounce mail in the Space's mailbox; `ses`: an SES notification. */
  readonly via: 'dsn' | 'ses';
}

/** One confirmed line; amounts in minor units of the order currency. */
export interface OrderLine {
  readonly productId?: string;
  readonly sku?: string;
  readonly description: string;
  readonly quantity: number;
  readonly unitAmount: number;
  readonly amount: number;
  /** Set when the unit price is not the catalog's: the order shows it as such. */
  readonly priceOverride?: PriceOverride;
}

/** The Checkout Session currently offered to the customer; `attempt` grows on each re-issue. */
export interface CheckoutRef {
  readonly sessionId: string;
  readonly url: string;
  /** ISO time Stripe expires the session. */
  readonly expiresAt: string;
  readonly attempt: number;
}

export interface StatusChange {
  readonly status: OrderStatus;
  readonly at: string;
  /** The Stripe event that caused it, or `confirm` / `resend-link`. */
  readonly cause: string;
}

/** Where an order came from: a customer mail, or a won opportunity's quotation. */
export type OrderChannel = 'crm_email' | 'crm_opportunity';

/** An order raised from a customer mail or from a won opportunity's quotation. */
export interface Order {
  readonly spaceId: string;
  readonly id: string;
  readonly channel: OrderChannel;
  readonly status: OrderStatus;
  /** The mail the order was raised from (crm_email only). */
  readonly messageId?: string;
  readonly threadId?: string;
  /** The opportunity whose quotation became the order (crm_opportunity only). */
  readonly opportunityId?: string;
  readonly customerEmail: string;
  /** The customer found for the mail when the order was confirmed, and that contact's company; merges move them. */
  readonly contactId?: string;
  readonly companyId?: string;
  readonly memo: string;
  readonly currency: CurrencyCode;
  readonly lines: readonly OrderLine[];
  readonly total: number;
  /** The customer's wholesale discount (percent) applied to the catalog lines; absent for none. */
  readonly discountPct?: number;
  /** sha256 of the normalized confirm body: tells a replay from a reused Idempotency-Key. */
  readonly fingerprint: string;
  readonly idempotencyKey?: string;
  /** Next checkout attempt number to use (1 for the first session). */
  readonly checkoutAttempt: number;
  readonly checkout?: CheckoutRef;
  /** The PaymentIntent that paid the order (a refund of another one does not refund it). */
  readonly paymentIntentId?: string;
  readonly steps: Partial<Record<OrderStep, string>>;
  /** When the last resend of the payment email went out (the confirm's own email is `steps.email`). */
  readonly lastResendAt?: string;
  /** Every anomaly Stripe events raised on the order, oldest first, open or resolved. */
  readonly anomalies?: readonly OrderAnomaly[];
  /** Refunds asked for from the CRM, oldest first (the webhook still decides when the order is refunded). */
  readonly refunds?: readonly OrderRefund[];
  /** Bounces and complaints of the order's mail, oldest first, one per mail and type. */
  readonly mailProblems?: readonly OrderMailProblem[];
  readonly history: readonly StatusChange[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the API returns for an order. */
export interface OrderView {
  readonly id: string;
  readonly status: OrderStatus;
  readonly channel: OrderChannel;
  readonly messageId: string | null;
  readonly threadId: string | null;
  readonly opportunityId: string | null;
  readonly customerEmail: string;
  readonly contactId: string | null;
  readonly companyId: string | null;
  readonly memo: string;
  readonly currency: CurrencyCode;
  readonly lines: readonly OrderLine[];
  readonly total: number;
  readonly discountPct?: number;
  readonly checkoutUrl?: string;
  readonly checkoutSessionId?: string;
  readonly checkoutExpiresAt?: string;
  readonly steps: Partial<Record<OrderStep, string>>;
  readonly anomalies: readonly OrderAnomaly[];
  readonly refunds: readonly Omit<OrderRefund, 'idempotencyKey' | 'requestKey'>[];
  readonly mailProblems: readonly OrderMailProblem[];
  /** The newest open anomaly in the shape of the first API (reason = kind); absent when none is open. */
  readonly flag?: { readonly reason: string; readonly eventId: string; readonly at: string };
  readonly history: readonly StatusChange[];
  readonly createdAt: string;
}

/** Renders an order for the API; internal bookkeeping (fingerprint, claims) stays out. */
export const toOrderView = (o: Order): OrderView => ({
  id: o.id, status: o.status, channel: o.channel, messageId: o.messageId ?? null, threadId: o.threadId ?? null, opportunityId: o.opportunityId ?? null,
  customerEmail: o.customerEmail, contactId: o.contactId ?? null, companyId: o.companyId ?? null, memo: o.memo, currency: o.currency, lines: o.lines, total: o.total,
  ...(o.discountPct ? { discountPct: o.discountPct } : {}),
  ...(o.checkout ? { checkoutUrl: o.checkout.url, checkoutSessionId: o.checkout.sessionId, checkoutExpiresAt: o.checkout.expiresAt } : {}),
  steps: o.steps, anomalies: o.anomalies ?? [], refunds: (o.refunds ?? []).map(({ idempotencyKey: _k, requestKey: _r, ...r }) => r), mailProblems: o.mailProblems ?? [], ...flagOf(o.anomalies ?? []), history: o.history, createdAt: o.createdAt,
});

const flagOf = (anomalies: readonly OrderAnomaly[]): { flag?: NonNullable<OrderView['flag']> } => {
  const open = anomalies.filter((a) => !a.resolvedBy).at(-1);
  return open ? { flag: { reason: open.kind, eventId: open.eventId, at: open.at } } : {};
};
