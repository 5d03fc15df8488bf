import { describe, expect, it } from 'vitest';
import { confirmOrder } from '../../../../shared/domain/orders/confirm-order.js';
import { stripeAmounts } from '../../../../shared/adapters/payments/stripe-currencies.js';
import { handleStripeEvent, type PaymentEvent } from '../../../../shared/domain/orders/handle-stripe-event.js';
import type { Order } from '../../../../shared/domain/orders/order.js';
import { aConfirmInput, memoryConfirmDeps } from './order-builders.js';
import { seededShuffle } from '../../../support/seeded-shuffle.js';

let eventSeq = 0;
const sessionEvent = (type: string, order: Order, overrides: Record<string, unknown> = {}): PaymentEvent => ({
  id: `evt_${++eventSeq}`, type,
  data: { object: {
    id: order.checkout!.sessionId, object: 'checkout.session', amount_total: order.total, currency: order.currency.toLowerCase(),
    payment_status: 'paid', metadata: { spaceId: order.spaceId, orderId: order.id }, ...overrides,
  } },
});

async function confirmed() {
  const memory = memoryConfirmDeps();
  const { order } = await confirmOrder(memory.deps, aConfirmInput());
  const webhook = { orders: memory.orders, runtime: memory.deps.runtime, amounts: stripeAmounts };
  const statusChanges = () => memory.orders.audit.filter((a) => a.action === 'status-changed').length;
  return { ...memory, order, webhook, statusChanges };
}


describe('handleStripeEvent', () => {
  it('moves an order to paid exactly once across 50 duplicate and shuffled deliveries', async () => {
    const { order, webhook, orders, statusChanges, mailer } = await confirmed();
    const paid = sessionEvent('checkout.session.completed', order);
    const pi: PaymentEvent = { id: 'evt_pi', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1', metadata: {} } } };
    const ch: PaymentEvent = { id: 'evt_ch', type: 'charge.succeeded', data: { object: { id: 'ch_1' } } };
    const other = Array.from({ length: 20 }, (_, i): PaymentEvent => ({ id: `evt_u${i}`, type: 'customer.updated', data: { object: {} } }));
    const deliveries = seededShuffle([...Array(10).fill(paid), ...Array(10).fill(pi), ...Array(10).fill(ch), ...other], 7);

    for (let i = 0; i < deliveries.length; i += 10) await Promise.all(deliveries.slice(i, i + 10).map((e) => handleStripeEvent(webhook, e)));

    expect((await orders.getOrder(order.spaceId, order.id))!.status).toBe('paid');
    expect(statusChanges()).toBe(1);
    expect(orders.markers.size).toBe(1);
    expect(mailer.sent).toHaveLength(1);
  });

  it.each([
    [['completed-unpaid', 'async-succeeded', 'async-succeeded'], 'paid'],
    [['async-succeeded', 'completed-unpaid', 'async-succeeded'], 'paid'],
    [['completed-unpaid', 'async-failed', 'async-failed'], 'payment_failed'],
    [['async-failed', 'async-failed', 'completed-unpaid'], 'payment_failed'],
  ] as const)('ends in the terminal state of the delayed payment whatever the order %j', async (sequence, expected) => {
    const { order, webhook, orders, statusChanges } = await confirmed();
    const events = {
      'completed-unpaid': sessionEvent('checkout.session.completed', order, { payment_status: 'unpaid' }),
      'async-succeeded': sessionEvent('checkout.session.async_payment_succeeded', order),
      'async-failed': sessionEvent('checkout.session.async_payment_failed', order),
    };

    for (const name of sequence) await handleStripeEvent(webhook, events[name]);

    expect((await orders.getOrder(order.spaceId, order.id))!.status).toBe(expected);
    expect(statusChanges()).toBe(1);
  });

  it('flags the order and does not pay it when the amount differs', async () => {
    const { order, webhook, orders } = await confirmed();

    const outcome = await handleStripeEvent(webhook, sessionEvent('checkout.session.completed', order, { amount_total: order.total - 1 }));

    const stored = (await orders.getOrder(order.spaceId, order.id))!;
    expect(outcome).toBe('flagged');
    expect(stored.status).toBe('awaiting_payment');
    expect(stored.anomalies).toEqual([expect.objectContaining({ kind: 'amount-mismatch', eventType: 'checkout.session.completed' })]);
    expect(orders.audit.filter((a) => a.action === 'flagged')).toHaveLength(1);
  });

  it('keeps every anomaly of concurrent mismatched events and resolves them on the correct payment', async () => {
    const { order, webhook, orders } = await confirmed();
    const wrong = Array.from({ length: 5 }, (_, i) => sessionEvent('checkout.session.completed', order, { amount_total: order.total - 1 - i, payment_status: 'unpaid' }));

    const outcomes = await Promise.all(wrong.map((e) => handleStripeEvent(webhook, e)));
    const paid = await handleStripeEvent(webhook, sessionEvent('checkout.session.async_payment_succeeded', order));

    const stored = (await orders.getOrder(order.spaceId, order.id))!;
    expect(outcomes).toEqual(Array(5).fill('flagged'));
    expect(paid).toBe('applied');
    expect(stored.status).toBe('paid');
    expect(stored.anomalies!.map((a) => a.eventId).sort()).toEqual(wrong.map((e) => e.id).sort());
    expect(stored.anomalies!.every((a) => a.resolvedBy?.eventType === 'checkout.session.async_payment_succeeded')).toBe(true);
  });

  it('ignores a late event for a superseded session without writing', async () => {
    const { order, webhook, orders } = await confirmed();
    const markersBefore = orders.markers.size;

    const outcome = await handleStripeEvent(webhook, sessionEvent('checkout.session.expired', order, { id: 'cs_old' }));

    expect(outcome).toBe('superseded');
    expect(orders.markers.size).toBe(markersBefore);
    expect((await orders.getOrder(order.spaceId, order.id))!.status).toBe('awaiting_payment');
  });

  it('answers unhandled event types without any write', async () => {
    const { webhook, orders } = await confirmed();
    const auditBefore = orders.audit.length;

    const outcome = await handleStripeEvent(webhook, { id: 'evt_x', type: 'invoice.paid', data: { object: {} } });

    expect(outcome).toBe('unhandled');
    expect(orders.audit.length).toBe(auditBefore);
  });
});
