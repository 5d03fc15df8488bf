import { describe, expect, it } from 'vitest';
import { confirmOrder } from '../../../../shared/domain/orders/confirm-order.js';
import { stripeAmounts } from '../../../../shared/adapters/payments/stripe-currencies.js';
import { handleStripeEvent } from '../../../../shared/domain/orders/handle-stripe-event.js';
import { reissueLink } from '../../../../shared/domain/orders/reissue-link.js';
import { aConfirmInput, memoryConfirmDeps } from './order-builders.js';

describe('reissueLink', () => {
  it('opens a new session for an expired order and moves it back to awaiting_payment', async () => {
    const memory = memoryConfirmDeps();
    const { order } = await confirmOrder(memory.deps, aConfirmInput());
    await handleStripeEvent({ orders: memory.orders, runtime: memory.deps.runtime, amounts: stripeAmounts }, {
      id: 'evt_exp', type: 'checkout.session.expired',
      data: { object: { id: order.checkout!.sessionId, metadata: { spaceId: order.spaceId, orderId: order.id } } },
    });

    const reissued = await reissueLink(memory.deps, { spaceId: order.spaceId, orderId: order.id, userId: 'user-1' });

    expect(reissued.status).toBe('awaiting_payment');
    expect(reissued.checkout!.attempt).toBe(2);
    expect(reissued.checkout!.sessionId).not.toBe(order.checkout!.sessionId);
    expect(memory.payments.created).toHaveLength(2);
    expect(memory.mailer.sent).toHaveLength(2);
    expect(memory.mailer.sent[1]!.text).toContain(reissued.checkout!.url);
  });

  it('re-sends the same link for an order still awaiting payment', async () => {
    const memory = memoryConfirmDeps();
    const { order } = await confirmOrder(memory.deps, aConfirmInput());

    await reissueLink(memory.deps, { spaceId: order.spaceId, orderId: order.id, userId: 'user-1' });

    expect(memory.payments.created).toHaveLength(1);
    expect(memory.mailer.sent.map((m) => m.text.includes(order.checkout!.url))).toEqual([true, true]);
  });
});
