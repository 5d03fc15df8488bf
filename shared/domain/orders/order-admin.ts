import type { Log } from '../../observability/logger.js';
import { NotFoundError } from '../errors.js';
import { OrderNotCancellableError, OrderNotRefundableError, RefundExceedsPaidError, RefundInProgressError } from './order-admin-errors.js';
import { PaymentProviderError } from './order-errors.js';
import type { Order, OrderRefund, OrderStatus } from './order.js';
import type { OrderAudit, OrderRuntime, OrderStore, Payments } from './ports.js';

/** Cancel and refund writes, each conditional and with its audit row; false when the condition failed. */
export interface OrderAdminStore {
  /** awaiting_payment | expired → cancelled, while the status is `from` and the session unchanged. */
  markCancelled(spaceId: string, order: Order, from: OrderStatus, audit: OrderAudit): Promise<boolean>;
  /** Appends a `sending` refund while the order is paid and holds exactly `count` refunds. */
  claimRefund(spaceId: string, orderId: string, refund: OrderRefund, count: number, audit: OrderAudit): Promise<boolean>;
  /** Records the provider's answer on refund `n` while it is still `sending`. */
  settleRefund(spaceId: string, orderId: string, n: number, outcome: Partial<Pick<OrderRefund, 'state' | 'refundId' | 'providerStatus' | 'failure'>>, audit: OrderAudit): Promise<void>;
}

export interface OrderAdminDeps {
  readonly orders: Pick<OrderStore, 'getOrder'>;
  readonly admin: OrderAdminStore;
  readonly payments: Pick<Payments, 'expireCheckout' | 'refund'>;
  readonly runtime: OrderRuntime;
  readonly log?: Log;
}

/** A `sending` refund older than this was left by a crash: the next request finishes it with the same key. */
export const STALE_REFUND_MS = 2 * 60_000;
const ATTEMPTS = 5;

const auditOf = (deps: OrderAdminDeps, action: OrderAudit['action'], userId: string, details: Record<string, unknown>): OrderAudit =>
  ({ id: deps.runtime.newId(), action, at: deps.runtime.now().toISOString(), userId, details });

async function load(deps: OrderAdminDeps, spaceId: string, orderId: string): Promise<Order> {
  const order = await deps.orders.getOrder(spaceId, orderId);
  if (!order) throw new NotFoundError('order', orderId);
  return order;
}

/**
 * Cancels an order nobody paid: Stripe expires its Checkout Session first (so it can no longer be
 * paid), then the order moves to `cancelled`. Cancelling again returns the cancelled order. A
 * session the customer completed first cannot be expired: the webhook makes that order paid.
 * @throws NotFoundError, OrderNotCancellableError, PaymentProviderError
 */
export async function cancelOrder(deps: OrderAdminDeps, input: { spaceId: string; orderId: string; userId: string }): Promise<Order> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const order = await load(deps, input.spaceId, input.orderId);
    if (order.status === 'cancelled') return order;
    if (order.status !== 'awaiting_payment' && order.status !== 'expired') throw new OrderNotCancellableError(order.status);
    if (order.status === 'awaiting_payment' && order.checkout) {
      const session = await deps.payments.expireCheckout(order.checkout.sessionId);
      if (session.status === 'complete') throw new OrderNotCancellableError(order.status, 'The customer completed the checkout; the order becomes paid (refund it instead)');
    }
    const audit = auditOf(deps, 'cancelled', input.userId, { from: order.status, ...(order.checkout ? { sessionId: order.checkout.sessionId } : {}) });
    if (await deps.admin.markCancelled(input.spaceId, order, order.status, audit)) {
      deps.log?.info('order cancelled', { orderId: order.id, from: order.status });
      return load(deps, input.spaceId, input.orderId);
    }
  }
  throw new OrderNotCancellableError('changing', 'The order kept changing while it was cancelled; read it and try again');
}

export interface RefundInput {
  readonly spaceId: string;
  readonly orderId: string;
  readonly userId: string;
  readonly amount?: number;
  readonly reason?: string;
  readonly note?: string;
  /** The caller's Idempotency-Key: the same key is answered with the same refund. */
  readonly requestKey?: string;
}

/**
 * Refunds a paid order, in full or in part, through the payment provider, exactly once: the refund
 * is claimed on the order first (a conditional append: of concurrent requests one wins, the others
 * get RefundInProgressError), then sent with an idempotency key derived from the order and its
 * place in the list, then its answer recorded. The webhook's `charge.refunded` moves the order to
 * `refunded` once all of it is refunded.
 * @throws NotFoundError, OrderNotRefundableError, RefundInProgressError, RefundExceedsPaidError, PaymentProviderError
 */
export async function refundOrder(deps: OrderAdminDeps, input: RefundInput): Promise<Order> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const order = await load(deps, input.spaceId, input.orderId);
    const refunds = order.refunds ?? [];
    const replay = input.requestKey ? refunds.find((r) => r.requestKey === input.requestKey) : undefined;
    if (replay && replay.state !== 'sending') return order;
    const sending = replay ?? refunds.find((r) => r.state === 'sending');
    if (sending) {
      const stale = deps.runtime.now().getTime() - Date.parse(sending.at) > STALE_REFUND_MS;
      if (!stale && !replay) throw new RefundInProgressError(order.id);
      return send(deps, order, sending, input.userId);
    }
    if (order.status !== 'paid') throw new OrderNotRefundableError(order.status, 'not-paid');
    if (!order.paymentIntentId) throw new OrderNotRefundableError(order.status, 'no-payment');
    const refundable = order.total - refunds.filter((r) => r.state !== 'failed').reduce((sum, r) => sum + r.amount, 0);
    if (refundable <= 0) throw new OrderNotRefundableError(order.status, 'fully-refunded');
    const amount = input.amount ?? refundable;
    if (amount > refundable) throw new RefundExceedsPaidError(refundable);
    const n = refunds.length;
    const refund: OrderRefund = {
      n, amount, by: input.userId, at: deps.runtime.now().toISOString(), idempotencyKey: `refund-${order.id}-${n}`, state: 'sending',
      ...(input.reason ? { reason: input.reason } : {}), ...(input.note ? { note: input.note } : {}), ...(input.requestKey ? { requestKey: input.requestKey } : {}),
    };
    const audit = auditOf(deps, 'refund-requested', input.userId, { n, amount, currency: order.currency, ...(input.reason ? { reason: input.reason } : {}) });
    if (await deps.admin.claimRefund(input.spaceId, order.id, refund, n, audit)) return send(deps, order, refund, input.userId);
  }
  throw new RefundInProgressError(input.orderId);
}

/** Sends a claimed refund (again, after a crash: the key makes it the same refund) and records the answer. */
async function send(deps: OrderAdminDeps, order: Order, refund: OrderRefund, userId: string): Promise<Order> {
  try {
    const made = await deps.payments.refund({
      spaceId: order.spaceId, orderId: order.id, paymentIntentId: order.paymentIntentId ?? '', amount: refund.amount, currency: order.currency,
      idempotencyKey: refund.idempotencyKey, ...(refund.reason ? { reason: refund.reason } : {}),
    });
    const state = made.status === 'failed' || made.status === 'canceled' ? 'failed' : 'accepted';
    await deps.admin.settleRefund(order.spaceId, order.id, refund.n, { state, refundId: made.refundId, providerStatus: made.status },
      auditOf(deps, 'refund-settled', userId, { n: refund.n, amount: refund.amount, state, refundId: made.refundId, providerStatus: made.status }));
    deps.log?.info('refund sent', { orderId: order.id, n: refund.n, state });
  } catch (err) {
    if (!(err instanceof PaymentProviderError)) throw err;
    // Refused: no money moved, the amount is free again. Otherwise the refund stays `sending` and is retried with its key.
    if (err.extra.refused === true) {
      await deps.admin.settleRefund(order.spaceId, order.id, refund.n, { state: 'failed', failure: String(err.extra.providerError ?? 'refused') },
        auditOf(deps, 'refund-settled', userId, { n: refund.n, amount: refund.amount, state: 'failed' }));
    }
    throw err;
  }
  return load(deps, order.spaceId, order.id);
}
