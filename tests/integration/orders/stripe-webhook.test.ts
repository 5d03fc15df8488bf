import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeStripe } from '../../support/fake-stripe.js';
import type { ProvidedStack } from '../../support/local-stack.js';
import { aConfirmedOrder, callOrders, callWebhook, orderTrail, sesMailsTo, sessionEventBody, sign, startOrderHarness, storedOrder } from './order-fixtures.js';
import { seededShuffle } from '../../support/seeded-shuffle.js';

let stripe: FakeStripe;
let stack: ProvidedStack;
beforeAll(async () => ({ stripe, stack } = await startOrderHarness()));
afterAll(async () => stripe.stop());

const receiptsTo = async (to: string) => (await sesMailsTo(stack, to)).filter((m) => m.subject.startsWith('Receipt'));

const deliver = (body: string, base64 = false) => callWebhook(body, sign(body), base64);
const transitions = (audit: { action: string }[]) => audit.filter((a) => a.action === 'status-changed').length;


describe('POST /webhooks/stripe on the local stack', () => {
  it.each([1, 2, 3])('moves the order to paid exactly once over 50 duplicate, shuffled deliveries (S1, seed %i)', async (seed) => {
    const { order, customer } = await aConfirmedOrder();
    const paid = sessionEventBody('checkout.session.completed', order);
    const pi = JSON.stringify({ id: `evt_${randomUUID()}`, object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1', object: 'payment_intent', metadata: { spaceId: order.spaceId, orderId: order.id } } } });
    const charge = JSON.stringify({ id: `evt_${randomUUID()}`, object: 'event', type: 'charge.succeeded', data: { object: { id: 'ch_1', object: 'charge' } } });
    const unhandled = Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: `evt_${randomUUID()}`, object: 'event', type: ['customer.created', 'invoice.paid', 'product.updated', 'payout.paid'][i % 4], data: { object: {} } }));
    const deliveries = seededShuffle([...Array(10).fill(paid), ...Array(10).fill(pi), ...Array(10).fill(charge), ...unhandled], seed);

    const statuses: number[] = [];
    for (let i = 0; i < deliveries.length; i += 10) statuses.push(...(await Promise.all(deliveries.slice(i, i + 10).map((b) => deliver(b)))).map((r) => r.statusCode!));

    const trail = await orderTrail(order.spaceId, order.id);
    expect(statuses.every((s) => s >= 200 && s < 300)).toBe(true);
    expect((await storedOrder(order.spaceId, order.id)).status).toBe('paid');
    expect(transitions(trail.audit)).toBe(1);
    expect(trail.markers).toHaveLength(1);
    expect(trail.markers[0]!.expiresAt - Date.now() / 1000).toBeGreaterThanOrEqual(30 * 24 * 3600);
    expect(await receiptsTo(customer)).toHaveLength(1);
    expect((await receiptsTo(customer))[0]!.body.text).toContain(order.id);
  });

  const permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  it.each([
    ['checkout.session.async_payment_succeeded', 'paid'],
    ['checkout.session.async_payment_failed', 'payment_failed'],
  ])('ends %s paths in the same terminal state in all 6 delivery orders (S2)', async (asyncType, expected) => {
    for (const permutation of permutations) {
      const { order } = await aConfirmedOrder();
      const asyncEvent = sessionEventBody(asyncType, order);
      const events = [sessionEventBody('checkout.session.completed', order, { payment_status: 'unpaid' }), asyncEvent, asyncEvent];

      for (const i of permutation) expect((await deliver(events[i]!)).statusCode).toBe(200);

      expect((await storedOrder(order.spaceId, order.id)).status).toBe(expected);
      expect(transitions((await orderTrail(order.spaceId, order.id)).audit)).toBe(1);
    }
  });

  it('keeps a paid order paid when the superseded session expires late (S3)', async () => {
    const { order } = await aConfirmedOrder();
    await deliver(sessionEventBody('checkout.session.expired', order, { status: 'expired', payment_status: 'unpaid' }));
    const reissued = await callOrders(order.spaceId, 'POST /orders/{id}/resend-link', { pathParameters: { id: order.id } });
    const b = { ...order, sessionId: String(reissued.json.checkoutSessionId) };
    await deliver(sessionEventBody('checkout.session.completed', b));
    const before = await orderTrail(order.spaceId, order.id);

    const late = await deliver(sessionEventBody('checkout.session.expired', order, { status: 'expired', payment_status: 'unpaid' }));

    const after = await orderTrail(order.spaceId, order.id);
    expect(reissued.json).toMatchObject({ status: 'awaiting_payment' });
    expect(b.sessionId).not.toBe(order.sessionId);
    expect(late.statusCode).toBe(200);
    expect((await storedOrder(order.spaceId, order.id)).status).toBe('paid');
    expect(after.audit.length).toBe(before.audit.length);
    expect(after.markers.length).toBe(before.markers.length);
  });

  it('flags an order whose payment amount differs and leaves it unpaid', async () => {
    const { order } = await aConfirmedOrder();

    await deliver(sessionEventBody('checkout.session.completed', order, { amount_total: order.total - 100 }));

    const stored = await storedOrder(order.spaceId, order.id);
    expect(stored.status).toBe('awaiting_payment');
    expect(stored.flag).toMatchObject({ reason: 'amount-mismatch' });
    expect((await orderTrail(order.spaceId, order.id)).audit.filter((a) => a.action === 'flagged')).toHaveLength(1);
  });

  it('refuses forged, stale, future and missing signatures with 400 and changes nothing (S4, S5)', async () => {
    const { order } = await aConfirmedOrder();
    const body = sessionEventBody('checkout.session.completed', order);
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      callWebhook(body, sign(body, 'whsec_wrong')),
      callWebhook(body.replace('"paid"', '"paiD"'), sign(body)),
      callWebhook(body, undefined),
      callWebhook(body, sign(body, undefined, now - 301)),
      callWebhook(body, sign(body, undefined, now + 3600)),
      callWebhook(body, sign(body, undefined, now + 315_360_000)),
      callWebhook('not json', sign('not json')),
    ];

    const replies = await Promise.all(attempts);

    expect(replies.map((r) => r.statusCode)).toEqual([400, 400, 400, 400, 400, 400, 400]);
    expect(replies.every((r) => r.headers?.['content-type'] === 'application/problem+json')).toBe(true);
    expect((await storedOrder(order.spaceId, order.id)).status).toBe('awaiting_payment');
    expect((await orderTrail(order.spaceId, order.id)).markers).toHaveLength(0);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const big = JSON.stringify({ id: 'evt_big', pad: 'x'.repeat(1_100_000) });

    expect((await callWebhook(big, sign(big))).statusCode).toBe(413);
  });

  it.each([false, true])('accepts the exact bytes of a body with non-ASCII and CRLF (isBase64Encoded %s, S6)', async (base64) => {
    const { order } = await aConfirmedOrder();
    const body = sessionEventBody('checkout.session.completed', order, { customer_details: { name: 'Zoë Ødegård\r\nGrüße 漢字' } }).replace('{"id"', '{\r\n  "id"');

    const reply = await deliver(body, base64);

    expect(reply.statusCode).toBe(200);
    expect((await storedOrder(order.spaceId, order.id)).status).toBe('paid');
  });
});
