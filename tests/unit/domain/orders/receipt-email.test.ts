import { describe, expect, it } from 'vitest';
import { confirmOrder } from '../../../../shared/domain/orders/confirm-order.js';
import { stripeAmounts } from '../../../../shared/adapters/payments/stripe-currencies.js';
import { handleStripeEvent, type PaymentEvent } from '../../../../shared/domain/orders/handle-stripe-event.js';
import type { Order } from '../../../../shared/domain/orders/order.js';
import { aConfirmInput, memoryConfirmDeps } from './order-builders.js';

const paidEvent = (order: Order, id: string): PaymentEvent => ({
  id, type: 'checkout.session.completed',
  data: { object: {
    id: order.checkout!.sessionId, amount_total: order.total, currency: order.currency.toLowerCase(), payment_status: 'paid',
    payment_intent: 'pi_1', metadata: { spaceId: order.spaceId, orderId: order.id },
  } },
});

async function paidSetup() {
  const memory = memoryConfirmDeps();
  const { order } = await confirmOrder(memory.deps, aConfirmInput());
  const receipts = () => memory.mailer.sent.filter((m) => m.subject.startsWith('Receipt'));
  return { ...memory, order, receipts, webhook: { orders: memory.orders, runtime: memory.deps.runtime, amounts: stripeAmounts, receipts: { mailer: memory.mailer, replyTags: memory.replyTags } } };
}

describe('the receipt email', () => {
  it('goes out once for concurrent duplicate deliveries of the payment', async () => {
    const { order, webhook, receipts } = await paidSetup();

    await Promise.all(Array.from({ length: 10 }, () => handleStripeEvent(webhook, paidEvent(order, 'evt_paid'))));

    expect(receipts()).toHaveLength(1);
    expect(receipts()[0]).toMatchObject({ to: order.customerEmail });
    expect(receipts()[0]!.text).toContain(order.id);
  });

  it('is sent by the redelivery when the first delivery crashed after its commit', async () => {
    const { order, webhook, receipts, orders } = await paidSetup();
    const crashing = { ...webhook, afterCommit: () => { throw new Error('crash'); } };

    await expect(handleStripeEvent(crashing, paidEvent(order, 'evt_paid'))).rejects.toThrow('crash');
    const afterCrash = receipts().length;
    const again = await handleStripeEvent(crashing, paidEvent(order, 'evt_paid'));

    expect(afterCrash).toBe(0);
    expect(again).toBe('no-transition');
    expect(receipts()).toHaveLength(1);
    expect((await orders.getOrder(order.spaceId, order.id))!.paymentIntentId).toBe('pi_1');
  });

  it('is retried by the next delivery when the mail provider refuses it', async () => {
    const { order, webhook, receipts, mailer } = await paidSetup();
    mailer.failNext(1);

    await expect(handleStripeEvent(webhook, paidEvent(order, 'evt_paid'))).rejects.toThrow();
    await handleStripeEvent(webhook, paidEvent(order, 'evt_paid'));
    await handleStripeEvent(webhook, paidEvent(order, 'evt_paid'));

    expect(receipts()).toHaveLength(1);
  });
});
