import { describe, expect, it } from 'vitest';
import { stripeAmounts } from '../../../../shared/adapters/payments/stripe-currencies.js';
import { confirmOrder } from '../../../../shared/domain/orders/confirm-order.js';
import { handleStripeEvent } from '../../../../shared/domain/orders/handle-stripe-event.js';
import { reissueLink } from '../../../../shared/domain/orders/reissue-link.js';
import { orderOfReplyMessageId, subjectTag, subjectTagCodes } from '../../../../shared/domain/orders/reply-token.js';
import { aConfirmInput, memoryConfirmDeps } from './order-builders.js';

describe('order mail tagged for replies', () => {
  it('gives the payment email a Message-ID that names its order in this Space only, Reply-To the mailbox, and records it', async () => {
    const { deps, mailer, replyTags } = memoryConfirmDeps(undefined, { replyTags: { replyTo: 'sales@acme.example' } });

    const { order } = await confirmOrder(deps, aConfirmInput());

    const [mail] = mailer.sent;
    expect(orderOfReplyMessageId(replyTags.key, order.spaceId, mail!.messageId)).toBe(order.id);
    expect(orderOfReplyMessageId(replyTags.key, 'another-space', mail!.messageId)).toBeUndefined();
    expect(mail).toMatchObject({ replyTo: 'sales@acme.example', subject: 'Payment link for your order: Widgets' });
    expect(replyTags.store.sent).toEqual([expect.objectContaining({ orderId: order.id, kind: 'payment', messageId: mail!.messageId, to: order.customerEmail })]);
    expect(await replyTags.store.findSentByProviderId(order.spaceId, 'mem-1')).toMatchObject({ orderId: order.id });
  });

  it('adds the subject tag when the Space tags subjects, and sends without Reply-To when it has no mailbox', async () => {
    const { deps, mailer, replyTags } = memoryConfirmDeps(undefined, { replyTags: { subjectTag: true, prefix: 'ACME' } });

    const { order } = await confirmOrder(deps, aConfirmInput());

    const [mail] = mailer.sent;
    expect(mail!.subject).toBe(`Payment link for your order: Widgets ${subjectTag(replyTags.key, order.spaceId, order.id, 'ACME')}`);
    expect(mail!.replyTo).toBeUndefined();
    expect(await replyTags.store.findOrderBySubjectTag(order.spaceId, subjectTagCodes(mail!.subject, 'ACME')[0]!)).toBe(order.id);
  });

  it('gives a resend and the receipt their own Message-IDs of the same order', async () => {
    const memory = memoryConfirmDeps(undefined, { replyTags: { subjectTag: true } });
    const { order } = await confirmOrder(memory.deps, aConfirmInput());
    memory.clock.now = new Date(memory.clock.now.getTime() + 3_600_000);
    await reissueLink(memory.deps, { spaceId: order.spaceId, orderId: order.id, userId: 'user-1' });
    await handleStripeEvent({ orders: memory.orders, runtime: memory.deps.runtime, amounts: stripeAmounts, receipts: { mailer: memory.mailer, replyTags: memory.replyTags } }, {
      id: 'evt_paid', type: 'checkout.session.completed',
      data: { object: { id: order.checkout!.sessionId, amount_total: order.total, currency: 'usd', payment_status: 'paid', payment_intent: 'pi_1', metadata: { spaceId: order.spaceId, orderId: order.id } } },
    });

    const ids = memory.mailer.sent.map((m) => m.messageId);
    const tag = subjectTag(memory.replyTags.key, order.spaceId, order.id, 'MB');
    expect(memory.mailer.sent.map((m) => m.subject)).toEqual([
      `Payment link for your order: Widgets ${tag}`, `Payment link for your order: Widgets ${tag}`, `Receipt for your order: Widgets ${tag}`,
    ]);
    expect(new Set(ids).size).toBe(3);
    expect(ids.map((id) => orderOfReplyMessageId(memory.replyTags.key, order.spaceId, id))).toEqual([order.id, order.id, order.id]);
    expect(memory.replyTags.store.sent.map((s) => s.kind)).toEqual(['payment', 'payment', 'receipt']);
  });
});
