import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '../../support/fake-stripe.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import {
  callOrders, callWebhook, confirmBody, orderTrail, seedSpace, sessionEventBody, sign, storedOrder, WEBHOOK_SECRET,
} from '../orders/order-fixtures.js';

let stripe: FakeStripe;
let relay: Server;

/** The fake Stripe delivers its events here; the relay hands them to the webhook handler in this worker. */
beforeAll(async () => {
  useLocalStackEnv();
  relay = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      callWebhook(Buffer.concat(chunks).toString('utf8'), req.headers['stripe-signature'] as string | undefined)
        .then((r) => { res.writeHead(r.statusCode ?? 500); res.end(r.body); }, () => { res.writeHead(500); res.end(); });
    });
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  stripe = await startFakeStripe({ webhook: { url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/`, secret: WEBHOOK_SECRET } });
  Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_API_BASE: stripe.url, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
});
afterAll(async () => {
  await stripe?.stop();
  await new Promise((resolve) => relay?.close(resolve));
});

async function anOrder() {
  const seed = await seedSpace();
  const reply = await callOrders(seed.spaceId, 'POST /orders', { body: confirmBody(seed) });
  expect(reply.statusCode).toBe(201);
  return { spaceId: seed.spaceId, id: String(reply.json.id), sessionId: String(reply.json.checkoutSessionId), total: Number(reply.json.total), currency: String(reply.json.currency) };
}

/** Pays the session at the fake and delivers checkout.session.completed, as the hosted page would. */
async function aPaidOrder() {
  const order = await anOrder();
  const session = stripe.pay(order.sessionId);
  const body = sessionEventBody('checkout.session.completed', order, { payment_intent: session.payment_intent });
  expect((await callWebhook(body, sign(body))).statusCode).toBe(200);
  expect((await storedOrder(order.spaceId, order.id)).status).toBe('paid');
  return { ...order, paymentIntent: String(session.payment_intent) };
}

const call = (o: { spaceId: string; id: string }, route: string, init: { body?: unknown; role?: 'admin' | 'staff'; headers?: Record<string, string> } = {}) =>
  callOrders(o.spaceId, route, { pathParameters: { id: o.id }, ...init });
const actions = async (o: { spaceId: string; id: string }) => (await orderTrail(o.spaceId, o.id)).audit.map((a) => a.action);

describe('cancelling an order through the fake Stripe API', () => {
  it('expires the session, cancels the order, and the expired event that follows changes nothing', async () => {
    const order = await anOrder();

    const cancelled = await call(order, 'POST /orders/{id}/cancel');
    await stripe.delivered();
    const again = await call(order, 'POST /orders/{id}/cancel');
    const resend = await call(order, 'POST /orders/{id}/resend-link');

    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json.status).toBe('cancelled');
    expect(stripe.session(order.sessionId)?.status).toBe('expired');
    expect(stripe.calls.filter((c) => c.path === `/v1/checkout/sessions/${order.sessionId}/expire`)).toHaveLength(1);
    expect(stripe.deliveries.filter((d) => d.type === 'checkout.session.expired').map((d) => d.status)).toEqual([200]);
    expect((await storedOrder(order.spaceId, order.id)).status).toBe('cancelled');
    expect(again.statusCode).toBe(200);
    expect(again.json.status).toBe('cancelled');
    expect(resend.statusCode).toBe(409);
    expect(await actions(order)).toEqual(expect.arrayContaining(['cancelled']));
    expect((await actions(order)).filter((a) => a === 'cancelled' || a === 'status-changed')).toEqual(['cancelled']);
  });

  it('refuses to cancel an order the customer paid first, and leaves it to the webhook', async () => {
    const order = await anOrder();
    stripe.pay(order.sessionId);

    const refused = await call(order, 'POST /orders/{id}/cancel');

    expect(refused.statusCode).toBe(409);
    expect(refused.json.type).toMatch(/order-not-cancellable$/);
    expect((await storedOrder(order.spaceId, order.id)).status).toBe('awaiting_payment');
    expect(stripe.session(order.sessionId)?.status).toBe('complete');
  });
});

describe('refunding an order through the fake Stripe API', () => {
  it('refunds a paid order in full once, and charge.refunded moves it to refunded', async () => {
    const order = await aPaidOrder();

    const staff = await call(order, 'POST /orders/{id}/refund', { body: {}, role: 'staff' });
    const refunded = await call(order, 'POST /orders/{id}/refund', { body: { reason: 'requested_by_customer' }, role: 'admin' });
    await stripe.delivered();

    expect(staff.statusCode).toBe(403);
    expect(refunded.statusCode).toBe(200);
    expect(refunded.json.refunds).toEqual([expect.objectContaining({ n: 0, amount: order.total, state: 'accepted', providerStatus: 'succeeded', by: 'admin-1' })]);
    expect(stripe.refunds.map((r) => r.amount)).toEqual([order.total]);
    expect(stripe.deliveries.filter((d) => d.type === 'charge.refunded' && d.status === 200).length).toBeGreaterThanOrEqual(1);
    expect((await storedOrder(order.spaceId, order.id)).status).toBe('refunded');
    expect((await actions(order)).filter((a) => a.startsWith('refund-'))).toEqual(expect.arrayContaining(['refund-requested', 'refund-settled']));
  });

  it('makes one refund out of 20 concurrent full refunds', async () => {
    const order = await aPaidOrder();
    const before = stripe.refunds.length;

    const replies = await Promise.all(Array.from({ length: 20 }, () => call(order, 'POST /orders/{id}/refund', { body: {}, role: 'admin' })));
    await stripe.delivered();

    const statuses = replies.map((r) => r.statusCode);
    const refusals = new Set(replies.filter((r) => r.statusCode === 409).map((r) => String(r.json.type).split('/').pop()));
    console.log(`20 concurrent refunds: ${statuses.filter((s) => s === 200).length} × 200, ${statuses.filter((s) => s === 409).length} × 409 (${[...refusals].join(', ')}); Stripe refunds ${stripe.refunds.length - before}`);
    expect(stripe.refunds.length - before).toBe(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect([...refusals].every((t) => t === 'refund-in-progress' || t === 'order-not-refundable')).toBe(true);
    expect((await storedOrder(order.spaceId, order.id)).status).toBe('refunded');
    expect((await actions(order)).filter((a) => a === 'refund-requested')).toHaveLength(1);
  });

  it('takes a partial refund without an anomaly, refuses more than is left, and refunds the rest', async () => {
    const order = await aPaidOrder();

    const part = await call(order, 'POST /orders/{id}/refund', { body: { amount: 2000, note: 'two widgets broken' }, role: 'admin' });
    await stripe.delivered();
    const afterPart = await storedOrder(order.spaceId, order.id);
    const tooMuch = await call(order, 'POST /orders/{id}/refund', { body: { amount: order.total - 1999 }, role: 'admin' });
    const replay = await call(order, 'POST /orders/{id}/refund', { body: { amount: 2000 }, role: 'admin', headers: { 'idempotency-key': 'k-1' } });
    const replayAgain = await call(order, 'POST /orders/{id}/refund', { body: { amount: 2000 }, role: 'admin', headers: { 'idempotency-key': 'k-1' } });
    await stripe.delivered();
    const rest = await call(order, 'POST /orders/{id}/refund', { body: {}, role: 'admin' });
    await stripe.delivered();

    expect(part.statusCode).toBe(200);
    expect(afterPart.status).toBe('paid');
    expect(afterPart.anomalies).toEqual([]);
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json.refundable).toBe(order.total - 2000);
    expect(replay.statusCode).toBe(200);
    expect(replayAgain.json.refunds).toEqual(replay.json.refunds);
    expect(rest.statusCode).toBe(200);
    expect((rest.json.refunds as { amount: number }[]).map((r) => r.amount)).toEqual([2000, 2000, order.total - 4000]);
    expect(stripe.refunds.filter((r) => r.payment_intent === order.paymentIntent).map((r) => r.amount)).toEqual([2000, 2000, order.total - 4000]);
    expect((await storedOrder(order.spaceId, order.id)).status).toBe('refunded');
    expect((await storedOrder(order.spaceId, order.id)).anomalies).toEqual([]);
  });
});
