import type { FieldIssue } from '../errors.js';
import type { CurrencyCode } from '../money/currencies.js';
import type { CheckoutRef, Order, OrderAnomaly, OrderStatus, OrderStep } from './order.js';

/** What the payment provider needs to open a hosted checkout for one order. */
export interface CheckoutRequest {
  readonly orderId: string;
  readonly spaceId: string;
  /** Derived from the order id and attempt, ≤ 255 chars: a retry never opens a second session. */
  readonly idempotencyKey: string;
  readonly lines: readonly { readonly description: string; readonly quantity: number; readonly unitAmount: number }[];
  readonly currency: CurrencyCode;
  readonly customerEmail: string;
  readonly successUrl: string;
  readonly cancelUrl: string;
}

export interface CheckoutSession {
  readonly sessionId: string;
  readonly url: string;
  /** ISO time. */
  readonly expiresAt: string;
  readonly status?: 'open' | 'complete' | 'expired';
}

/** The amounts of an order about to be created, in ISO minor units. */
export interface ChargeDraft {
  readonly currency: CurrencyCode;
  readonly lines: readonly { readonly quantity: number; readonly unitAmount: number }[];
}

/** Hosted checkout (Stripe Checkout, or the local checkout page without a Stripe key). */
export interface Payments {
  /**
   * Why the provider would refuse to charge these amounts (a currency it does not present, an
   * amount its unit cannot carry), with pointers into the confirm body; empty when it can.
   */
  chargeIssues(charge: ChargeDraft): readonly FieldIssue[];
  /** @throws PaymentProviderError when the provider refuses or cannot be reached. */
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  getCheckout(sessionId: string): Promise<CheckoutSession>;
  /**
   * Expires an open session so it can no longer be paid; a session that is expired already or was
   * completed is returned as it is (read its `status`).
   * @throws PaymentProviderError
   */
  expireCheckout(sessionId: string): Promise<CheckoutSession>;
  /**
   * Refunds part or all of a payment, exactly once per idempotency key.
   * @throws PaymentProviderError with `refused: true` when the provider turned it down (no money moved)
   */
  refund(request: RefundRequest): Promise<{ readonly refundId: string; readonly status: string }>;
}

export interface RefundRequest {
  readonly spaceId: string;
  readonly orderId: string;
  readonly paymentIntentId: string;
  /** ISO minor units of `currency`. */
  readonly amount: number;
  readonly currency: CurrencyCode;
  readonly reason?: string;
  readonly idempotencyKey: string;
}

/**
 * Reads a PaymentIntent's metadata. Stripe copies `payment_intent_data.metadata` onto the
 * PaymentIntent but not onto its Charges, so a `charge.refunded` finds its order through this.
 */
export interface PaymentIntents {
  /** The intent's metadata, or undefined when the provider does not know the id. */
  metadataOf(paymentIntentId: string): Promise<Readonly<Record<string, string>> | undefined>;
}

/** Reads a provider's amounts (in its own unit) as ISO minor units of the currency. */
export interface ProviderAmounts {
  /** Undefined when the amount has no exact ISO value or the currency is unknown. */
  toMinorUnits(providerAmount: number, currency: string): number | undefined;
}

/** What one order mail says, to exactly one recipient, before it is tagged for replies (order-mail.ts). */
export interface MailContent {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** One outbound mail as sent; every field is header-safe (see mime-safe.ts). */
export interface OutboundMail extends MailContent {
  /** Normalized (no angle brackets): the order's reply token (reply-token.ts), so a reply finds its order. */
  readonly messageId: string;
  /** The Space's connected mailbox, so the customer's answer lands where the CRM syncs; absent without one. */
  readonly replyTo?: string;
  /** The Space that sends it: a message tag, so SES bounce and complaint notifications name it back. */
  readonly spaceId: string;
}

export interface Mailer {
  /** @throws MailerError when the provider refuses the mail. */
  send(mail: OutboundMail): Promise<{ providerId: string }>;
}

/** One audit row on the order's trail; written in the same transaction as the change. */
export interface OrderAudit {
  readonly id: string;
  readonly action: 'create' | 'checkout-created' | 'payment-email-sent' | 'thread-linked' | 'status-changed' | 'flagged' | 'link-reissued' | 'payment-email-resent' | 'receipt-email-sent' | 'cancelled' | 'refund-requested' | 'refund-settled' | 'mail-problem';
  readonly at: string;
  readonly userId: string;
  readonly requestId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A webhook-driven change: marker + status move and/or the order's new anomaly list + audit, all or nothing. */
export interface EventChange {
  readonly orderId: string;
  readonly eventId: string;
  readonly sessionId: string;
  readonly from: OrderStatus;
  /** The new status; absent when the event only raises an anomaly. */
  readonly to?: OrderStatus;
  /** The whole new list, written only if the stored one still has `previousCount` entries. */
  readonly anomalies?: { readonly list: readonly OrderAnomaly[]; readonly previousCount: number };
  /** The PaymentIntent that paid the order (stored with a Space-first lookup item). */
  readonly paymentIntentId?: string;
  readonly at: string;
  /** Epoch seconds when the event marker may be deleted (≥ 30 days: Stripe retries for 3). */
  readonly markerExpiresAt: number;
  readonly audit: OrderAudit;
}

export type EventOutcome = 'applied' | 'duplicate-event' | 'order-changed';

export interface OrderPage {
  readonly items: readonly Order[];
  readonly lastKey?: Record<string, unknown>;
}

/** The order repository (DynamoDB in production, in memory in unit tests). */
export interface OrderStore {
  /**
   * Creates the order and claims its message in one step; when the order exists, returns it.
   * @throws MessageHasOrderError when the message already belongs to another order.
   */
  createOrder(order: Order, audit: OrderAudit): Promise<{ created: boolean; order: Order }>;
  getOrder(spaceId: string, id: string): Promise<Order | undefined>;
  /** Stores the session for `checkout.attempt` unless one is stored; returns the order as stored. */
  recordCheckout(spaceId: string, id: string, checkout: CheckoutRef, audit: OrderAudit): Promise<Order>;
  /** Takes the "sending the payment email" marker; false when someone else holds a fresh one. */
  claimEmail(spaceId: string, id: string, claim: { token: string; at: string; staleBefore: string }): Promise<boolean>;
  releaseEmail(spaceId: string, id: string, token: string): Promise<void>;
  /** Records a finished step once (later calls are no-ops) together with its audit row. */
  markStep(spaceId: string, id: string, step: OrderStep, audit: OrderAudit): Promise<Order>;
  applyEvent(spaceId: string, change: EventChange): Promise<EventOutcome>;
  /** The one backwards move: expired → awaiting_payment with a new session and fresh email step. */
  reissueCheckout(spaceId: string, id: string, checkout: CheckoutRef, audit: OrderAudit): Promise<Order>;
  /** The order a PaymentIntent paid, from the lookup item written with the paid transition. */
  findByPaymentIntent(spaceId: string, paymentIntentId: string): Promise<string | undefined>;
  /** Takes the "sending the receipt" marker of a paid order without one; false when not ours to send (`markStep('receipt')` finishes it). */
  claimReceipt(spaceId: string, id: string, claim: { token: string; at: string; staleBefore: string }): Promise<boolean>;
  releaseReceipt(spaceId: string, id: string, token: string): Promise<void>;
  /**
   * Stamps a resend at `at` unless the order's last payment email (confirm or resend) is newer than
   * `cutoff` or the order no longer awaits payment; returns the stamp it replaced, or false.
   */
  claimResend(spaceId: string, id: string, claim: { token: string; at: string; cutoff: string }): Promise<{ previousAt?: string } | false>;
  /** Puts back the stamp a failed resend replaced (only while `token` is still the holder). */
  releaseResend(spaceId: string, id: string, token: string, previousAt?: string): Promise<void>;
  /** Appends one audit row to the order's trail. */
  addAudit(spaceId: string, orderId: string, audit: OrderAudit): Promise<void>;
  listOrders(spaceId: string, query: { status?: OrderStatus; limit: number; startKey?: Record<string, unknown> }): Promise<OrderPage>;
}

/**
 * The per-Space daily budget of payment emails (they share the sender's SES reputation). Days are
 * UTC; taking is atomic across containers.
 */
export interface PaymentEmailQuota {
  readonly perDay: number;
  /** Takes one email from the budget of the day of `now`; false when it is used up. */
  take(spaceId: string, now: Date): Promise<boolean>;
  /** True when the day's budget is used up (a read, to refuse before anything is created). */
  exhausted(spaceId: string, now: Date): Promise<boolean>;
}

/** Clock and ids, injected so use cases stay deterministic under test. */
export interface OrderRuntime {
  now(): Date;
  newId(): string;
}
