import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../../../shared/domain/orders/order.js';
import {
  canMove,
  nextStatus, reissueStatus, STATUS_RANK, type OrderPaymentState, type PaymentEventFacts,
} from '../../../../shared/domain/orders/order-status.js';

const STATUSES: OrderStatus[] = ['awaiting_payment', 'paid', 'payment_failed', 'expired', 'refunded', 'cancelled'];
const anOrder = (over: Partial<OrderPaymentState> = {}): OrderPaymentState =>
  ({ status: 'awaiting_payment', sessionId: 'cs_1', total: 5000, currency: 'USD', ...over });
const anEvent = (type: string, over: Partial<PaymentEventFacts> = {}): PaymentEventFacts =>
  ({ type, sessionId: 'cs_1', paymentStatus: 'paid', amountTotal: 5000, currency: 'usd', ...over });

const completedPaid = anEvent('checkout.session.completed');
const completedUnpaid = anEvent('checkout.session.completed', { paymentStatus: 'unpaid' });
const asyncSucceeded = anEvent('checkout.session.async_payment_succeeded');
const asyncFailed = anEvent('checkout.session.async_payment_failed', { paymentStatus: 'unpaid' });
const expired = anEvent('checkout.session.expired', { paymentStatus: 'unpaid' });
const refunded = anEvent('charge.refunded', { sessionId: undefined, amountRefunded: 5000 });

/** Applies events in order the way the webhook does: only transitions change the status. */
function replay(events: readonly PaymentEventFacts[], start: OrderStatus = 'awaiting_payment'): { status: OrderStatus; moves: number } {
  let status = start;
  let moves = 0;
  for (const event of events) {
    const decision = nextStatus(anOrder({ status }), event);
    if (decision.kind === 'transition') {
      expect(STATUS_RANK[decision.to]).toBeGreaterThan(STATUS_RANK[status]);
      status = decision.to;
      moves++;
    }
  }
  return { status, moves };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('nextStatus for every status and event type', () => {
  const expected: Record<OrderStatus, Record<string, string>> = {
    awaiting_payment: { completedPaid: 'paid', completedUnpaid: 'ignore', asyncSucceeded: 'paid', asyncFailed: 'payment_failed', expired: 'expired', refunded: 'flag' },
    paid: { completedPaid: 'ignore', completedUnpaid: 'ignore', asyncSucceeded: 'ignore', asyncFailed: 'ignore', expired: 'ignore', refunded: 'refunded' },
    payment_failed: { completedPaid: 'flag', completedUnpaid: 'ignore', asyncSucceeded: 'flag', asyncFailed: 'ignore', expired: 'ignore', refunded: 'flag' },
    expired: { completedPaid: 'flag', completedUnpaid: 'ignore', asyncSucceeded: 'flag', asyncFailed: 'ignore', expired: 'ignore', refunded: 'flag' },
    refunded: { completedPaid: 'ignore', completedUnpaid: 'ignore', asyncSucceeded: 'ignore', asyncFailed: 'ignore', expired: 'ignore', refunded: 'ignore' },
    cancelled: { completedPaid: 'flag', completedUnpaid: 'ignore', asyncSucceeded: 'flag', asyncFailed: 'ignore', expired: 'ignore', refunded: 'flag' },
  };
  const events: Record<string, PaymentEventFacts> = { completedPaid, completedUnpaid, asyncSucceeded, asyncFailed, expired, refunded };
  for (const status of STATUSES) {
    for (const [name, event] of Object.entries(events)) {
      const want = expected[status][name] as string;
      it(`answers ${want} for ${name} when the order is ${status}`, () => {
        const decision = nextStatus(anOrder({ status }), event);
        expect(decision.kind === 'transition' ? decision.to : decision.kind).toBe(want);
      });
    }
  }
});

describe('nextStatus guards', () => {
  it('keeps an unpaid completed session awaiting payment', () => {
    expect(nextStatus(anOrder(), completedUnpaid)).toEqual({ kind: 'ignore', reason: 'payment-pending' });
  });

  it('flags an amount or currency mismatch instead of marking paid', () => {
    expect(nextStatus(anOrder(), anEvent('checkout.session.completed', { amountTotal: 4999 }))).toEqual({ kind: 'flag', reason: 'amount-mismatch' });
    expect(nextStatus(anOrder(), anEvent('checkout.session.async_payment_succeeded', { currency: 'eur' }))).toEqual({ kind: 'flag', reason: 'currency-mismatch' });
  });

  it('ignores events for a session that is not the current one (S3)', () => {
    const late = anEvent('checkout.session.expired', { sessionId: 'cs_old' });
    expect(nextStatus(anOrder({ status: 'paid', sessionId: 'cs_new' }), late)).toEqual({ kind: 'ignore', reason: 'superseded-session' });
  });

  it('flags a partial refund and leaves the order paid', () => {
    const partial = anEvent('charge.refunded', { sessionId: undefined, amountRefunded: 1000 });
    expect(nextStatus(anOrder({ status: 'paid' }), partial)).toEqual({ kind: 'flag', reason: 'partial-refund' });
  });

  it('takes a partial refund the CRM asked for as expected, and flags one beyond it', () => {
    const partial = anEvent('charge.refunded', { sessionId: undefined, amountRefunded: 1000 });
    expect(nextStatus(anOrder({ status: 'paid', refundsRequested: 1000 }), partial)).toEqual({ kind: 'ignore', reason: 'requested-partial-refund' });
    expect(nextStatus(anOrder({ status: 'paid', refundsRequested: 999 }), partial)).toEqual({ kind: 'flag', reason: 'partial-refund' });
    expect(nextStatus(anOrder({ status: 'paid', refundsRequested: 1000 }), anEvent('charge.refunded', { sessionId: undefined, amountRefunded: 1000, currency: 'eur' })).kind)
      .toBe('flag');
  });

  it('ignores unhandled event types', () => {
    expect(nextStatus(anOrder(), anEvent('payment_intent.succeeded'))).toEqual({ kind: 'ignore', reason: 'unhandled-event-type' });
  });

  it('moves only forward along the ranks', () => {
    expect(canMove('awaiting_payment', 'paid')).toBe(true);
    expect(canMove('paid', 'expired')).toBe(false);
    expect(canMove('expired', 'awaiting_payment')).toBe(false);
    expect(canMove('paid', 'refunded')).toBe(true);
  });

  it('moves expired back to awaiting_payment only through a re-issued link', () => {
    expect(reissueStatus('expired')).toMatchObject({ kind: 'transition', to: 'awaiting_payment' });
    expect(reissueStatus('paid').kind).toBe('ignore');
  });
});

describe('delayed payments in every delivery order (S2)', () => {
  it.each(permutations([completedUnpaid, asyncSucceeded, asyncSucceeded]).map((p, i) => [i + 1, p] as const))(
    'ends paid with one transition, success order %i', (_, events) => {
      expect(replay(events)).toEqual({ status: 'paid', moves: 1 });
    });

  it.each(permutations([completedUnpaid, asyncFailed, asyncFailed]).map((p, i) => [i + 1, p] as const))(
    'ends payment_failed with one transition, failure order %i', (_, events) => {
      expect(replay(events)).toEqual({ status: 'payment_failed', moves: 1 });
    });

  it('covers all 6 orders of completed(unpaid), succeeded and a duplicate', () => {
    const labelled = permutations(['completed', 'succeeded', 'duplicate']);
    expect(labelled).toHaveLength(6);
    for (const order of labelled) {
      const events = order.map((l) => (l === 'completed' ? completedUnpaid : asyncSucceeded));
      expect(replay(events), order.join(' → ')).toEqual({ status: 'paid', moves: 1 });
    }
  });
});
