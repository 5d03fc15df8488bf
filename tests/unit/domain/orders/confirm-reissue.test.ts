import { describe, expect, it } from 'vitest';
import { confirmOrder } from '../../../../shared/domain/orders/confirm-order.js';
import { stripeAmounts } from '../../../../shared/adapters/payments/stripe-currencies.js';
import { handleStripeEvent } from '../../../../shared/domain/orders/handle-stripe-event.js';
import { reissueLink } from '../../../../shared/domain/orders/reissue-link.js';
import { aConfirmInput, aMessage, memoryConfirmDeps } from './order-builders.js';

describe('reissueLink', () => {
  it('opens a new session for an expired order and moves it back to awaiting_payment', async () => {
    const memory = memoryConfirmDeps();
    const { order } = await confirmOrder(memory.deps, aConfirmInput());
    await handleStripeEvent({ orders: memory.orders, runtime: memory.deps.runtime, amounts: stripeAmounts }, {
      id: 'evt_exp', type: 'checkout.session.expired',
      data: { object: { id: order.checkout!.sessionId, metadata: { spaceId: order.spaceId, orderId: order.id } } },
    });
    memory.clock.now = new Date(memory.clock.now.getTime() + 61_000);

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
    memory.clock.now = new Date(memory.clock.now.getTime() + 61_000);

    await reissueLink(memory.deps, { spaceId: order.spaceId, orderId: order.id, userId: 'user-1' });

    expect(memory.payments.created).toHaveLength(1);
    expect(memory.mailer.sent.map((m) => m.text.includes(order.checkout!.url))).toEqual([true, true]);
  });

  it('refuses a resend within 60 s of the last payment email and says when to retry', async () => {
    const memory = memoryConfirmDeps();
    const { order } = await confirmOrder(memory.deps, aConfirmInput());
    memory.clock.now = new Date(memory.clock.now.getTime() + 45_000);

    const early = await reissueLink(memory.deps, { spaceId: order.spaceId, orderId: order.id, userId: 'user-1' }).catch((e: unknown) => e);
    memory.clock.now = new Date(memory.clock.now.getTime() + 15_000);
    await reissueLink(memory.deps, { spaceId: order.spaceId, orderId: order.id, userId: 'user-1' });
    const again = await reissueLink(memory.deps, { spaceId: order.spaceId, orderId: order.id, userId: 'user-1' }).catch((e: unknown) => e);

    expect(early).toMatchObject({ code: 'payment-email-cooldown', extra: { retryAfter: 15 } });
    expect(again).toMatchObject({ code: 'payment-email-cooldown', extra: { retryAfter: 60 } });
    expect(memory.mailer.sent).toHaveLength(2);
  });

  it('keeps the cooldown open after a failed send, so the retry goes out at once', async () => {
    const memory = memoryConfirmDeps();
    const { order } = await confirmOrder(memory.deps, aConfirmInput());
    memory.clock.now = new Date(memory.clock.now.getTime() + 61_000);
    memory.mailer.failNext();

    const failed = await reissueLink(memory.deps, { spaceId: order.spaceId, orderId: order.id, userId: 'user-1' }).catch((e: unknown) => e);
    await reissueLink(memory.deps, { spaceId: order.spaceId, orderId: order.id, userId: 'user-1' });

    expect(failed).toMatchObject({ code: 'order-step-failed', step: 'email' });
    expect(memory.mailer.sent).toHaveLength(2);
  });
});

describe('the daily payment-email budget', () => {
  it('counts confirms and resends, refuses the next confirm before creating it, and resets at midnight UTC', async () => {
    const messages = ['m1', 'm2', 'm3'].map((id) => aMessage({ id }));
    const memory = memoryConfirmDeps(messages, { emailsPerDay: 2 });
    memory.clock.now = new Date('2025-01-02T23:59:00.000Z');
    const { order } = await confirmOrder(memory.deps, aConfirmInput({ messageId: 'm1' }));
    memory.clock.now = new Date('2025-01-02T23:59:30.000Z');
    await confirmOrder(memory.deps, aConfirmInput({ messageId: 'm2' }));

    const third = await confirmOrder(memory.deps, aConfirmInput({ messageId: 'm3' })).catch((e: unknown) => e);
    memory.clock.now = new Date('2025-01-03T00:00:01.000Z');
    const resent = await reissueLink(memory.deps, { spaceId: order.spaceId, orderId: order.id, userId: 'user-1' });

    expect(third).toMatchObject({ code: 'payment-email-limit', extra: { perDay: 2, retryAfter: 30 } });
    expect(memory.orders.orders.size).toBe(2);
    expect(resent.lastResendAt).toBe('2025-01-03T00:00:01.000Z');
    expect(memory.mailer.sent).toHaveLength(3);
  });
});

describe('payment emails to an address that complained', () => {
  const complained = { 'ct-1': { id: 'ct-1', emails: ['buyer@customer.example'], complainedEmails: [{ email: 'buyer@customer.example' }] } };

  it('refuses the confirm before any order, checkout or email exists', async () => {
    const memory = memoryConfirmDeps(undefined, { customers: complained });

    await expect(confirmOrder(memory.deps, aConfirmInput({ customerEmail: 'Buyer@Customer.example' })))
      .rejects.toMatchObject({ code: 'address-complained', extra: { address: 'buyer@customer.example' } });

    expect(memory.payments.created).toHaveLength(0);
    expect(memory.mailer.sent).toHaveLength(0);
  });

  it('refuses a resend once the customer complained about the first email', async () => {
    const customers: Record<string, { id: string; emails: string[]; complainedEmails?: { email: string }[] }> = { 'ct-1': { id: 'ct-1', emails: ['buyer@customer.example'] } };
    const memory = memoryConfirmDeps(undefined, { customers });
    const { order } = await confirmOrder(memory.deps, aConfirmInput());
    customers['ct-1']!.complainedEmails = [{ email: 'buyer@customer.example' }];
    memory.clock.now = new Date(memory.clock.now.getTime() + 61_000);

    await expect(reissueLink(memory.deps, { spaceId: order.spaceId, orderId: order.id, userId: 'user-1' })).rejects.toMatchObject({ code: 'address-complained' });

    expect(memory.mailer.sent).toHaveLength(1);
  });
});
