import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../shared/domain/errors.js';
import { MessageHasOrderError } from '../../../shared/domain/orders/order-errors.js';
import type { CheckoutRef, Order, OrderStatus } from '../../../shared/domain/orders/order.js';
import type { EventChange, OrderAudit, OrderStore } from '../../../shared/domain/orders/ports.js';

/** What a store under contract hands the suite: the port and a way to read an order's audit trail. */
export interface OrderStoreUnderTest {
  readonly store: OrderStore;
  /** The actions of the order's audit rows, in any order. */
  auditActions(spaceId: string, orderId: string): Promise<string[]>;
}

const T0 = '2026-11-29T08:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const anAudit = (action: OrderAudit['action'], minutes = 0): OrderAudit =>
  ({ id: randomUUID(), action, at: at(minutes), userId: 'staff-1' });

const aCheckout = (attempt = 1, sessionId = `cs_${randomUUID()}`): CheckoutRef =>
  ({ sessionId, url: `https://checkout.example/${sessionId}`, expiresAt: at(60 * 24), attempt });

const anOrder = (spaceId: string, overrides: Partial<Order> = {}): Order => ({
  spaceId, id: randomUUID(), channel: 'crm_email', status: 'awaiting_payment',
  messageId: `msg-${randomUUID()}`, threadId: `thr-${randomUUID()}`, customerEmail: 'buyer@shop.example', memo: '',
  currency: 'USD', lines: [{ description: 'Widget', quantity: 2, unitAmount: 1250, amount: 2500 }], total: 2500,
  fingerprint: 'f'.repeat(64), checkoutAttempt: 1, steps: {},
  history: [{ status: 'awaiting_payment', at: T0, cause: 'confirm' }], createdBy: 'staff-1', createdAt: T0, updatedAt: T0,
  ...overrides,
});

const anEvent = (order: Order, sessionId: string, from: OrderStatus, to: OrderStatus | undefined, extra: Partial<EventChange> = {}): EventChange => ({
  orderId: order.id, eventId: `evt_${randomUUID()}`, sessionId, from, ...(to ? { to } : {}), at: at(5),
  markerExpiresAt: Math.floor(Date.parse(T0) / 1000) + 30 * 86_400, audit: anAudit('status-changed', 5), ...extra,
});

/**
 * The behaviour every OrderStore promises in shared/domain/orders/ports.ts, declared once and run
 * against each implementation, so the in-memory twin cannot drift from the DynamoDB store.
 */
export function orderStoreContract(name: string, make: () => OrderStoreUnderTest): void {
  describe(`${name} keeps the OrderStore contract`, () => {
    const space = () => `space-${randomUUID()}`;

    /** An order with its first checkout recorded, as a confirm leaves it. */
    const aConfirmed = async (u: OrderStoreUnderTest, spaceId = space(), overrides: Partial<Order> = {}) => {
      const { order } = await u.store.createOrder(anOrder(spaceId, overrides), anAudit('create'));
      const checkout = aCheckout(1);
      return { order: await u.store.recordCheckout(spaceId, order.id, checkout, anAudit('checkout-created', 1)), checkout };
    };
    const paid = async (u: OrderStoreUnderTest, spaceId = space()) => {
      const { order, checkout } = await aConfirmed(u, spaceId);
      expect(await u.store.applyEvent(spaceId, anEvent(order, checkout.sessionId, 'awaiting_payment', 'paid'))).toBe('applied');
      return { order: (await u.store.getOrder(spaceId, order.id))!, checkout };
    };

    describe('createOrder and getOrder', () => {
      it('creates an order once and returns the stored one on a replay', async () => {
        const u = make();
        const order = anOrder(space());

        const first = await u.store.createOrder(order, anAudit('create'));
        const replay = await u.store.createOrder({ ...order, memo: 'a different body' }, anAudit('create'));

        expect(first).toEqual({ created: true, order });
        expect(replay).toEqual({ created: false, order });
        expect(await u.store.getOrder(order.spaceId, order.id)).toEqual(order);
        expect(await u.auditActions(order.spaceId, order.id)).toEqual(['create']);
      });

      it('creates exactly one of 10 concurrent creates of the same order', async () => {
        const u = make();
        const order = anOrder(space());

        const results = await Promise.all(Array.from({ length: 10 }, () => u.store.createOrder(order, anAudit('create'))));

        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(results.map((r) => r.order)).toEqual(Array(10).fill(order));
      });

      it('refuses a second order for a message that already has one', async () => {
        const u = make();
        const spaceId = space();
        const first = anOrder(spaceId);

        await u.store.createOrder(first, anAudit('create'));
        const second = u.store.createOrder(anOrder(spaceId, { messageId: first.messageId }), anAudit('create'));

        await expect(second).rejects.toBeInstanceOf(MessageHasOrderError);
        await expect(second).rejects.toMatchObject({ orderId: first.id });
      });

      it('lets the same message id carry an order in another Space', async () => {
        const u = make();
        const a = anOrder(space());
        const b = anOrder(space(), { messageId: a.messageId });

        await u.store.createOrder(a, anAudit('create'));
        const other = await u.store.createOrder(b, anAudit('create'));

        expect(other.created).toBe(true);
      });

      it('returns undefined for a missing order and for an order of another Space', async () => {
        const u = make();
        const order = anOrder(space());
        await u.store.createOrder(order, anAudit('create'));

        expect(await u.store.getOrder(order.spaceId, randomUUID())).toBeUndefined();
        expect(await u.store.getOrder(space(), order.id)).toBeUndefined();
      });

      it('hands back a copy: changing a returned order does not change the stored one', async () => {
        const u = make();
        const order = anOrder(space());
        const { order: returned } = await u.store.createOrder(order, anAudit('create'));

        (returned.steps as Record<string, string>).email = at(9);

        expect((await u.store.getOrder(order.spaceId, order.id))?.steps).toEqual({});
      });
    });

    describe('recordCheckout', () => {
      it('stores the session of the current attempt once', async () => {
        const u = make();
        const spaceId = space();
        const { order } = await u.store.createOrder(anOrder(spaceId), anAudit('create'));
        const first = aCheckout(1);

        const stored = await u.store.recordCheckout(spaceId, order.id, first, anAudit('checkout-created', 1));
        const again = await u.store.recordCheckout(spaceId, order.id, aCheckout(1), anAudit('checkout-created', 2));

        expect(stored.checkout).toEqual(first);
        expect(stored.steps.checkout).toBe(at(1));
        expect(again.checkout).toEqual(first);
        expect(await u.auditActions(spaceId, order.id)).toEqual(['checkout-created', 'create']);
      });

      it('ignores a session for another attempt', async () => {
        const u = make();
        const spaceId = space();
        const { order } = await u.store.createOrder(anOrder(spaceId), anAudit('create'));

        const stored = await u.store.recordCheckout(spaceId, order.id, aCheckout(2), anAudit('checkout-created', 1));

        expect(stored.checkout).toBeUndefined();
      });
    });

    describe('claimEmail and releaseEmail', () => {
      it('gives the claim to exactly one of 10 concurrent claimers', async () => {
        const u = make();
        const { order } = await aConfirmed(u);

        const wins = await Promise.all(Array.from({ length: 10 }, (_, i) =>
          u.store.claimEmail(order.spaceId, order.id, { token: `t${i}`, at: at(2), staleBefore: at(0) })));

        expect(wins.filter(Boolean)).toHaveLength(1);
      });

      it('retakes a stale claim and refuses a fresh one', async () => {
        const u = make();
        const { order } = await aConfirmed(u);
        await u.store.claimEmail(order.spaceId, order.id, { token: 'old', at: at(2), staleBefore: at(0) });

        const whileFresh = await u.store.claimEmail(order.spaceId, order.id, { token: 'new', at: at(3), staleBefore: at(1) });
        const onceStale = await u.store.claimEmail(order.spaceId, order.id, { token: 'new', at: at(20), staleBefore: at(10) });

        expect(whileFresh).toBe(false);
        expect(onceStale).toBe(true);
      });

      it('releases only for the holder', async () => {
        const u = make();
        const { order } = await aConfirmed(u);
        await u.store.claimEmail(order.spaceId, order.id, { token: 'holder', at: at(2), staleBefore: at(0) });

        await u.store.releaseEmail(order.spaceId, order.id, 'someone-else');
        const afterForeignRelease = await u.store.claimEmail(order.spaceId, order.id, { token: 'x', at: at(3), staleBefore: at(0) });
        await u.store.releaseEmail(order.spaceId, order.id, 'holder');
        const afterRelease = await u.store.claimEmail(order.spaceId, order.id, { token: 'x', at: at(3), staleBefore: at(0) });

        expect(afterForeignRelease).toBe(false);
        expect(afterRelease).toBe(true);
      });

      it('refuses the claim once the email step is done', async () => {
        const u = make();
        const { order } = await aConfirmed(u);
        await u.store.markStep(order.spaceId, order.id, 'email', anAudit('payment-email-sent', 2));

        expect(await u.store.claimEmail(order.spaceId, order.id, { token: 't', at: at(3), staleBefore: at(3) })).toBe(false);
      });
    });

    describe('markStep', () => {
      it('records a step once with one audit row', async () => {
        const u = make();
        const { order } = await aConfirmed(u);

        const first = await u.store.markStep(order.spaceId, order.id, 'email', anAudit('payment-email-sent', 2));
        const second = await u.store.markStep(order.spaceId, order.id, 'email', anAudit('payment-email-sent', 3));

        expect(first.steps.email).toBe(at(2));
        expect(second.steps.email).toBe(at(2));
        expect(second.updatedAt).toBe(at(2));
        expect((await u.auditActions(order.spaceId, order.id)).filter((a) => a === 'payment-email-sent')).toHaveLength(1);
      });
    });

    describe('applyEvent', () => {
      it('moves the status once: a replayed event is a duplicate', async () => {
        const u = make();
        const { order, checkout } = await aConfirmed(u);
        const event = anEvent(order, checkout.sessionId, 'awaiting_payment', 'paid', { paymentIntentId: `pi_${randomUUID()}` });

        const first = await u.store.applyEvent(order.spaceId, event);
        const replay = await u.store.applyEvent(order.spaceId, event);

        const stored = await u.store.getOrder(order.spaceId, order.id);
        expect([first, replay]).toEqual(['applied', 'duplicate-event']);
        expect(stored?.status).toBe('paid');
        expect(stored?.paymentIntentId).toBe(event.paymentIntentId);
        expect(stored?.history.map((h) => [h.status, h.cause])).toEqual([['awaiting_payment', 'confirm'], ['paid', event.eventId]]);
        expect((await u.auditActions(order.spaceId, order.id)).filter((a) => a === 'status-changed')).toHaveLength(1);
      });

      it('applies exactly one of 10 concurrent events moving the same status', async () => {
        const u = make();
        const { order, checkout } = await aConfirmed(u);

        const outcomes = await Promise.all(Array.from({ length: 10 }, () =>
          u.store.applyEvent(order.spaceId, anEvent(order, checkout.sessionId, 'awaiting_payment', 'paid'))));

        expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
        expect(outcomes.filter((o) => o === 'order-changed')).toHaveLength(9);
        expect((await u.store.getOrder(order.spaceId, order.id))?.history).toHaveLength(2);
      });

      it('never moves a paid order back: a stale expired event is order-changed', async () => {
        const u = make();
        const { order, checkout } = await paid(u);

        const late = await u.store.applyEvent(order.spaceId, anEvent(order, checkout.sessionId, 'awaiting_payment', 'expired'));

        expect(late).toBe('order-changed');
        expect((await u.store.getOrder(order.spaceId, order.id))?.status).toBe('paid');
      });

      it('moves a paid order to refunded', async () => {
        const u = make();
        const { order, checkout } = await paid(u);

        const outcome = await u.store.applyEvent(order.spaceId, anEvent(order, checkout.sessionId, 'paid', 'refunded'));

        expect(outcome).toBe('applied');
        expect((await u.store.getOrder(order.spaceId, order.id))?.status).toBe('refunded');
      });

      it('ignores an event of a superseded session', async () => {
        const u = make();
        const { order } = await aConfirmed(u);

        const outcome = await u.store.applyEvent(order.spaceId, anEvent(order, 'cs_superseded', 'awaiting_payment', 'paid'));

        expect(outcome).toBe('order-changed');
        expect((await u.store.getOrder(order.spaceId, order.id))?.status).toBe('awaiting_payment');
      });

      it('writes anomalies only over the count it read, and keeps the status without `to`', async () => {
        const u = make();
        const { order, checkout } = await aConfirmed(u);
        const anomaly = (eventId: string) => ({ kind: 'amount-mismatch', eventId, eventType: 'checkout.session.completed', at: at(5), detail: 'short by 100' });
        const first = anEvent(order, checkout.sessionId, 'awaiting_payment', undefined, { audit: anAudit('flagged', 5) });
        const second = anEvent(order, checkout.sessionId, 'awaiting_payment', undefined, { audit: anAudit('flagged', 6) });

        const one = await u.store.applyEvent(order.spaceId, { ...first, anomalies: { list: [anomaly(first.eventId)], previousCount: 0 } });
        const stale = await u.store.applyEvent(order.spaceId, { ...second, anomalies: { list: [anomaly(second.eventId)], previousCount: 0 } });

        const stored = await u.store.getOrder(order.spaceId, order.id);
        expect([one, stale]).toEqual(['applied', 'order-changed']);
        expect(stored?.status).toBe('awaiting_payment');
        expect(stored?.anomalies?.map((a) => a.eventId)).toEqual([first.eventId]);
      });

      it('answers order-changed for an order that does not exist', async () => {
        const u = make();
        const ghost = anOrder(space());

        expect(await u.store.applyEvent(ghost.spaceId, anEvent(ghost, 'cs_x', 'awaiting_payment', 'paid'))).toBe('order-changed');
        expect(await u.store.getOrder(ghost.spaceId, ghost.id)).toBeUndefined();
      });
    });

    describe('reissueCheckout', () => {
      const expired = async (u: OrderStoreUnderTest) => {
        const { order, checkout } = await aConfirmed(u);
        await u.store.markStep(order.spaceId, order.id, 'email', anAudit('payment-email-sent', 2));
        await u.store.applyEvent(order.spaceId, anEvent(order, checkout.sessionId, 'awaiting_payment', 'expired'));
        return { order, checkout };
      };

      it('moves an expired order back to awaiting payment with the next attempt and a fresh email step', async () => {
        const u = make();
        const { order } = await expired(u);
        const next = aCheckout(2);

        const reissued = await u.store.reissueCheckout(order.spaceId, order.id, next, anAudit('link-reissued', 10));

        expect(reissued.status).toBe('awaiting_payment');
        expect(reissued.checkout).toEqual(next);
        expect(reissued.checkoutAttempt).toBe(2);
        expect(reissued.steps.email).toBeUndefined();
        expect(reissued.steps.checkout).toBe(at(10));
        expect(reissued.history.at(-1)).toEqual({ status: 'awaiting_payment', at: at(10), cause: 'resend-link' });
        expect(await u.store.claimEmail(order.spaceId, order.id, { token: 't', at: at(11), staleBefore: at(0) })).toBe(true);
        expect((await u.store.listOrders(order.spaceId, { status: 'awaiting_payment', limit: 10 })).items.map((o) => o.id)).toEqual([order.id]);
      });

      it('changes nothing for an attempt other than the next one', async () => {
        const u = make();
        const { order, checkout } = await expired(u);

        const skipped = await u.store.reissueCheckout(order.spaceId, order.id, aCheckout(3), anAudit('link-reissued', 10));

        expect(skipped.status).toBe('expired');
        expect(skipped.checkout).toEqual(checkout);
      });

      it('changes nothing for an order that is not expired', async () => {
        const u = make();
        const { order, checkout } = await aConfirmed(u);

        const same = await u.store.reissueCheckout(order.spaceId, order.id, aCheckout(2), anAudit('link-reissued', 10));

        expect(same.status).toBe('awaiting_payment');
        expect(same.checkout).toEqual(checkout);
        expect(await u.auditActions(order.spaceId, order.id)).not.toContain('link-reissued');
      });

      it('reissues an attempt once: a repeat with another session changes nothing', async () => {
        const u = make();
        const { order } = await expired(u);
        const next = aCheckout(2);

        await u.store.reissueCheckout(order.spaceId, order.id, next, anAudit('link-reissued', 10));
        const repeat = await u.store.reissueCheckout(order.spaceId, order.id, aCheckout(2), anAudit('link-reissued', 11));

        expect(repeat.checkout).toEqual(next);
        expect((await u.auditActions(order.spaceId, order.id)).filter((a) => a === 'link-reissued')).toHaveLength(1);
      });
    });

    describe('findByPaymentIntent', () => {
      it('finds the order a PaymentIntent paid, only in its Space', async () => {
        const u = make();
        const { order, checkout } = await aConfirmed(u);
        const pi = `pi_${randomUUID()}`;
        await u.store.applyEvent(order.spaceId, anEvent(order, checkout.sessionId, 'awaiting_payment', 'paid', { paymentIntentId: pi }));

        expect(await u.store.findByPaymentIntent(order.spaceId, pi)).toBe(order.id);
        expect(await u.store.findByPaymentIntent(space(), pi)).toBeUndefined();
        expect(await u.store.findByPaymentIntent(order.spaceId, `pi_${randomUUID()}`)).toBeUndefined();
      });
    });

    describe('claimReceipt and releaseReceipt', () => {
      it('claims the receipt of a paid order once, and not of an unpaid one', async () => {
        const u = make();
        const { order: unpaid } = await aConfirmed(u);
        const { order } = await paid(u);

        const wins = await Promise.all(Array.from({ length: 10 }, (_, i) =>
          u.store.claimReceipt(order.spaceId, order.id, { token: `t${i}`, at: at(6), staleBefore: at(0) })));
        const onUnpaid = await u.store.claimReceipt(unpaid.spaceId, unpaid.id, { token: 't', at: at(6), staleBefore: at(0) });

        expect(wins.filter(Boolean)).toHaveLength(1);
        expect(onUnpaid).toBe(false);
      });

      it('retakes a stale claim, releases only for the holder, and refuses once the receipt is sent', async () => {
        const u = make();
        const { order } = await paid(u);
        const s = order.spaceId;
        await u.store.claimReceipt(s, order.id, { token: 'holder', at: at(6), staleBefore: at(0) });

        const fresh = await u.store.claimReceipt(s, order.id, { token: 'b', at: at(7), staleBefore: at(1) });
        await u.store.releaseReceipt(s, order.id, 'not-the-holder');
        const afterForeignRelease = await u.store.claimReceipt(s, order.id, { token: 'b', at: at(7), staleBefore: at(1) });
        const stale = await u.store.claimReceipt(s, order.id, { token: 'b', at: at(30), staleBefore: at(20) });
        await u.store.releaseReceipt(s, order.id, 'b');
        await u.store.markStep(s, order.id, 'receipt', anAudit('receipt-email-sent', 31));
        const afterSent = await u.store.claimReceipt(s, order.id, { token: 'c', at: at(32), staleBefore: at(32) });

        expect([fresh, afterForeignRelease, stale, afterSent]).toEqual([false, false, true, false]);
      });
    });

    describe('claimResend and releaseResend', () => {
      it('stamps a resend only past the cutoff and returns the stamp it replaced', async () => {
        const u = make();
        const { order } = await aConfirmed(u);
        const s = order.spaceId;
        await u.store.markStep(s, order.id, 'email', anAudit('payment-email-sent', 2));

        const tooSoon = await u.store.claimResend(s, order.id, { token: 'a', at: at(3), cutoff: at(1) });
        const first = await u.store.claimResend(s, order.id, { token: 'a', at: at(10), cutoff: at(5) });
        const again = await u.store.claimResend(s, order.id, { token: 'b', at: at(11), cutoff: at(9) });
        const later = await u.store.claimResend(s, order.id, { token: 'c', at: at(30), cutoff: at(20) });

        expect(tooSoon).toBe(false);
        expect(first).toEqual({});
        expect(again).toBe(false);
        expect(later).toEqual({ previousAt: at(10) });
        expect((await u.store.getOrder(s, order.id))?.lastResendAt).toBe(at(30));
      });

      it('gives the resend to exactly one of 10 concurrent claimers', async () => {
        const u = make();
        const { order } = await aConfirmed(u);

        const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
          u.store.claimResend(order.spaceId, order.id, { token: `t${i}`, at: at(10 + i / 100), cutoff: at(5) })));

        expect(results.filter((r) => r !== false)).toHaveLength(1);
      });

      it('refuses a resend for an order that no longer awaits payment', async () => {
        const u = make();
        const { order } = await paid(u);

        expect(await u.store.claimResend(order.spaceId, order.id, { token: 'a', at: at(30), cutoff: at(20) })).toBe(false);
      });

      it('puts back the replaced stamp only while the token still holds it', async () => {
        const u = make();
        const { order } = await aConfirmed(u);
        const s = order.spaceId;
        await u.store.claimResend(s, order.id, { token: 'a', at: at(10), cutoff: at(5) });
        await u.store.claimResend(s, order.id, { token: 'b', at: at(30), cutoff: at(20) });

        await u.store.releaseResend(s, order.id, 'a');
        const afterForeign = (await u.store.getOrder(s, order.id))?.lastResendAt;
        await u.store.releaseResend(s, order.id, 'b', at(10));
        const restored = (await u.store.getOrder(s, order.id))?.lastResendAt;
        await u.store.claimResend(s, order.id, { token: 'c', at: at(40), cutoff: at(35) });
        await u.store.releaseResend(s, order.id, 'c', at(10));
        await u.store.releaseResend(s, order.id, 'c');

        expect(afterForeign).toBe(at(30));
        expect(restored).toBe(at(10));
        expect((await u.store.getOrder(s, order.id))?.lastResendAt).toBe(at(10));
      });

      it('removes the stamp when the failed resend was the first', async () => {
        const u = make();
        const { order } = await aConfirmed(u);
        await u.store.claimResend(order.spaceId, order.id, { token: 'a', at: at(10), cutoff: at(5) });

        await u.store.releaseResend(order.spaceId, order.id, 'a');

        expect((await u.store.getOrder(order.spaceId, order.id))?.lastResendAt).toBeUndefined();
      });
    });

    describe('addAudit', () => {
      it('appends a row to the order trail', async () => {
        const u = make();
        const { order } = await aConfirmed(u);

        await u.store.addAudit(order.spaceId, order.id, anAudit('thread-linked', 4));

        expect((await u.auditActions(order.spaceId, order.id)).sort()).toEqual(['checkout-created', 'create', 'thread-linked']);
      });
    });

    describe('operations on a missing order', () => {
      it('refuses claims, ignores releases and rejects updates with a conflict', async () => {
        const u = make();
        const s = space();
        const id = randomUUID();
        const claim = { token: 't', at: at(1), staleBefore: at(0) };

        const claims = [
          await u.store.claimEmail(s, id, claim), await u.store.claimReceipt(s, id, claim),
          await u.store.claimResend(s, id, { token: 't', at: at(1), cutoff: at(0) }),
        ];
        await u.store.releaseEmail(s, id, 't');
        await u.store.releaseReceipt(s, id, 't');
        await u.store.releaseResend(s, id, 't');

        expect(claims).toEqual([false, false, false]);
        await expect(u.store.markStep(s, id, 'email', anAudit('payment-email-sent'))).rejects.toBeInstanceOf(ConflictError);
        await expect(u.store.recordCheckout(s, id, aCheckout(1), anAudit('checkout-created'))).rejects.toBeInstanceOf(ConflictError);
        await expect(u.store.reissueCheckout(s, id, aCheckout(2), anAudit('link-reissued'))).rejects.toBeInstanceOf(ConflictError);
        expect(await u.store.getOrder(s, id)).toBeUndefined();
      });
    });

    describe('listOrders', () => {
      const seed = async (u: OrderStoreUnderTest, spaceId: string, count: number) => {
        const orders: Order[] = [];
        for (let i = 0; i < count; i++) {
          const created = anOrder(spaceId, { createdAt: at(i), updatedAt: at(i) });
          orders.push((await u.store.createOrder(created, anAudit('create', i))).order);
        }
        return orders;
      };
      const pageAll = async (u: OrderStoreUnderTest, spaceId: string, limit: number, status?: OrderStatus) => {
        const pages: string[][] = [];
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await u.store.listOrders(spaceId, { limit, ...(status ? { status } : {}), ...(startKey ? { startKey } : {}) });
          pages.push(page.items.map((o) => o.id));
          startKey = page.lastKey;
        } while (startKey && pages.length < 20);
        return pages;
      };

      it('pages through every order of the Space, newest first, without duplicates', async () => {
        const u = make();
        const spaceId = space();
        const orders = await seed(u, spaceId, 7);
        await seed(u, space(), 2);

        const pages = await pageAll(u, spaceId, 3);

        const newestFirst = [...orders].reverse().map((o) => o.id);
        expect(pages.flat()).toEqual(newestFirst);
        expect(pages.slice(0, 3).map((p) => p.length)).toEqual([3, 3, 1]);
      });

      it('lists by status, following status changes', async () => {
        const u = make();
        const spaceId = space();
        const [a, b, c] = await seed(u, spaceId, 3);
        const checkout = aCheckout(1);
        await u.store.recordCheckout(spaceId, b!.id, checkout, anAudit('checkout-created', 4));
        await u.store.applyEvent(spaceId, anEvent(b!, checkout.sessionId, 'awaiting_payment', 'paid'));

        const awaiting = await pageAll(u, spaceId, 1, 'awaiting_payment');
        const paidOnes = await pageAll(u, spaceId, 10, 'paid');
        const refunded = await u.store.listOrders(spaceId, { status: 'refunded', limit: 10 });

        expect(awaiting.flat()).toEqual([c!.id, a!.id]);
        expect(paidOnes.flat()).toEqual([b!.id]);
        expect(refunded).toEqual({ items: [] });
      });
    });
  });
}
