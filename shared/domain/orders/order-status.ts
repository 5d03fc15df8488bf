import type { OrderStatus } from './order.js';

/**
 * The order state machine. Stored statuses: awaiting_payment → paid | payment_failed | expired, and
 * paid → refunded. ("draft" is never stored: a draft is only a response.) Ranks guard the
 * conditional update: awaiting_payment 0 < paid, payment_failed, expired 1 < refunded 2; a move is
 * allowed only upwards along the edges below, so no delivery order can move an order backwards.
 * Decisions:
 * - `checkout.session.completed` with payment_status `unpaid` (delayed methods such as SEPA) keeps
 *   the order in awaiting_payment: no distinct status, the answer is `ignore` / `payment-pending`,
 *   and `async_payment_succeeded` or `_failed` finishes it later (S2).
 * - An amount or currency that differs from the order never pays it: `flag` (an anomaly on the order).
 * - An event for another session than the order's current one is ignored (S3).
 * - `charge.refunded` refunds only a full refund of a paid order; a partial refund is flagged and
 *   the order stays paid, unless the CRM asked for at least that much (its refunds list says so).
 * - expired → awaiting_payment happens only through `reissueStatus` (a new link), never a webhook.
 */
export const STATUS_RANK: Readonly<Record<OrderStatus, number>> = {
  awaiting_payment: 0, paid: 1, payment_failed: 1, expired: 1, cancelled: 1, refunded: 2,
};
/** `cancelled` is set by POST /orders/{id}/cancel only (after Stripe expired the session); no event leaves it. */
const EDGES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  awaiting_payment: ['paid', 'payment_failed', 'expired'], paid: ['refunded'], payment_failed: [], expired: [], refunded: [], cancelled: [],
};

/** A verified Stripe event reduced to what the state machine reads (the adapter fills it). */
export interface PaymentEventFacts {
  readonly type: string;
  readonly sessionId?: string;
  /** Checkout Session `payment_status`: 'paid' | 'unpaid' | 'no_payment_required'. */
  readonly paymentStatus?: string;
  readonly amountTotal?: number;
  readonly currency?: string;
  /** For charge.refunded: the charge's `amount_refunded` so far. */
  readonly amountRefunded?: number;
  /** The session's or the charge's PaymentIntent id. */
  readonly paymentIntentId?: string;
}

/** The parts of an order the state machine compares against. */
export interface OrderPaymentState {
  readonly status: OrderStatus;
  readonly sessionId?: string;
  readonly total: number;
  readonly currency: string;
  /** The PaymentIntent that paid the order, once known. */
  readonly paymentIntentId?: string;
  /** Minor units of refunds asked for from the CRM and not failed: a partial refund up to this was expected. */
  readonly refundsRequested?: number;
}

export type StatusDecision =
  | { readonly kind: 'transition'; readonly to: OrderStatus; readonly reason: string }
  | { readonly kind: 'ignore'; readonly reason: string }
  | { readonly kind: 'flag'; readonly reason: string };

/** Event types that can move an order; the rest are acknowledged and ignored. */
export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed',
  'checkout.session.expired', 'charge.refunded',
] as const;

/** True when `to` is one step forward from `from` along an allowed edge. */
export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return EDGES[from].includes(to) && STATUS_RANK[to] > STATUS_RANK[from];
}

/** The status an event asks for, or `null` for a pending payment or an unhandled type. */
export function targetOf(event: PaymentEventFacts): OrderStatus | null {
  switch (event.type) {
    case 'checkout.session.completed':
      return event.paymentStatus === 'paid' || event.paymentStatus === 'no_payment_required' ? 'paid' : null;
    case 'checkout.session.async_payment_succeeded': return 'paid';
    case 'checkout.session.async_payment_failed': return 'payment_failed';
    case 'checkout.session.expired': return 'expired';
    case 'charge.refunded': return 'refunded';
    default: return null;
  }
}

/** What one normalised Stripe event does to an order: move it, ignore the event, or flag the order. */
export function nextStatus(order: OrderPaymentState, event: PaymentEventFacts): StatusDecision {
  if (!(HANDLED_EVENT_TYPES as readonly string[]).includes(event.type)) return { kind: 'ignore', reason: 'unhandled-event-type' };
  if (event.sessionId !== undefined && event.sessionId !== order.sessionId) return { kind: 'ignore', reason: 'superseded-session' };
  if (event.sessionId === undefined && event.type !== 'charge.refunded') return { kind: 'ignore', reason: 'no-session-id' };
  const target = targetOf(event);
  const pays = target === 'paid' || event.type === 'checkout.session.completed';
  if (pays && order.status === 'awaiting_payment') {
    const mismatch = amountMismatch(order, event.amountTotal, event.currency);
    if (mismatch !== null) return { kind: 'flag', reason: mismatch };
  }
  if (target === null) {
    return order.status === 'awaiting_payment' ? { kind: 'ignore', reason: 'payment-pending' } : { kind: 'ignore', reason: 'stale-event' };
  }
  if (target === order.status) return { kind: 'ignore', reason: 'duplicate' };
  if (target === 'refunded') return refundDecision(order, event);
  if (canMove(order.status, target)) return { kind: 'transition', to: target, reason: event.type };
  if (target === 'paid' && order.status !== 'refunded') return { kind: 'flag', reason: `payment-on-${order.status}-order` };
  return { kind: 'ignore', reason: STATUS_RANK[target] < STATUS_RANK[order.status] ? 'stale-event' : 'conflicting-outcome' };
}

function refundDecision(order: OrderPaymentState, event: PaymentEventFacts): StatusDecision {
  if (event.paymentIntentId && order.paymentIntentId && event.paymentIntentId !== order.paymentIntentId) return { kind: 'ignore', reason: 'other-payment' };
  if (order.status !== 'paid') return { kind: 'flag', reason: `refund-on-${order.status}-order` };
  const mismatch = amountMismatch(order, event.amountRefunded, event.currency);
  if (mismatch === null) return { kind: 'transition', to: 'refunded', reason: event.type };
  const requested = order.refundsRequested ?? 0;
  if (mismatch === 'amount-mismatch' && event.amountRefunded !== undefined && event.amountRefunded < order.total && event.amountRefunded <= requested) {
    return { kind: 'ignore', reason: 'requested-partial-refund' };
  }
  return { kind: 'flag', reason: event.amountRefunded !== undefined && event.amountRefunded < order.total ? 'partial-refund' : mismatch };
}

function amountMismatch(order: OrderPaymentState, amount: number | undefined, currency: string | undefined): string | null {
  if (currency === undefined || currency.toUpperCase() !== order.currency.toUpperCase()) return 'currency-mismatch';
  if (amount === undefined || amount !== order.total) return 'amount-mismatch';
  return null;
}

/** A new payment link for an expired order: the one move back to awaiting_payment. */
export function reissueStatus(current: OrderStatus): StatusDecision {
  return current === 'expired'
    ? { kind: 'transition', to: 'awaiting_payment', reason: 'link-reissued' }
    : { kind: 'ignore', reason: `not-reissuable-from-${current}` };
}
