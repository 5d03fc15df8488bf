import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeStripe } from '../../support/fake-stripe.js';
import type { ProvidedStack } from '../../support/local-stack.js';
import { aConfirmedOrder, callWebhook, orderTrail, sesMailsTo, sessionEventBody, sign, startOrderHarness, storedOrder, WEBHOOK_SECRET } from './order-fixtures.js';

let stripe: FakeStripe;
let stack: ProvidedStack;
beforeAll(async () => ({ stripe, stack } = await startOrderHarness()));
afterAll(async () => stripe.stop());

const DAY_MS = 24 * 3600_000;
const deliver = (body: string, at = Date.now()) => callWebhook(body, sign(body, WEBHOOK_SECRET, Math.floor(at / 1000)));
const v1Of = (header: string) => header.split(',').find((p) => p.startsWith('v1='))!;
const webhookModule = async () => import('../../../functions/stripe-webhook.js');

describe('POST /webhooks/stripe: rotation, refunds of real charges, crash recovery', () => {
  it('accepts the old and the new secret during a rotation and refuses the old one once it is removed (S5)', async () => {
    const body = JSON.stringify({ id: `evt_${randomUUID()}`, object: 'event', type: 'customer.created', data: { object: {} } });
    const fresh = 'whsec_rotated_secret';
    const now = Math.floor(Date.now() / 1000);
    const both = `t=${now},${v1Of(sign(body, WEBHOOK_SECRET, now))},${v1Of(sign(body, fresh, now))}`;
    const attempt = async () => (await Promise.all([callWebhook(body, both), callWebhook(body, sign(body, fresh)), callWebhook(body, sign(body, WEBHOOK_SECRET))])).map((r) => r.statusCode);
    Object.assign(process.env, { STRIPE_WEBHOOK_SECRET: fresh, STRIPE_WEBHOOK_SECRET_PREVIOUS: WEBHOOK_SECRET });
    let during: (number | undefined)[];
    let after: (number | undefined)[];
    try {
      during = await attempt();
      delete process.env.STRIPE_WEBHOOK_SECRET_PREVIOUS;
      after = await attempt();
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
      delete process.env.STRIPE_WEBHOOK_SECRET_PREVIOUS;
    }

    expect(during).toEqual([200, 200, 200]);
    expect(after).toEqual([200, 200, 400]);
  });

  it('refunds an order from a charge.refunded whose Charge carries only the PaymentIntent id', async () => {
    const { order } = await aConfirmedOrder();
    const session = stripe.pay(order.sessionId);
    await deliver(sessionEventBody('checkout.session.completed', order, { payment_intent: session.payment_intent }));
    const charge = stripe.refundedCharge(order.sessionId);
    const refundOf = (object: Record<string, unknown>) => JSON.stringify({ id: `evt_${randomUUID()}`, object: 'event', type: 'charge.refunded', data: { object } });

    const other = await deliver(refundOf({ ...charge, payment_intent: 'pi_someone_else', metadata: { spaceId: order.spaceId, orderId: order.id } }));
    const stillPaid = (await storedOrder(order.spaceId, order.id)).status;
    const refund = await deliver(refundOf(charge));

    expect(charge.metadata).toEqual({});
    expect(other.json).toMatchObject({ outcome: 'no-transition' });
    expect(stillPaid).toBe('paid');
    expect(refund.statusCode).toBe(200);
    expect(refund.json).toMatchObject({ outcome: 'applied' });
    expect((await storedOrder(order.spaceId, order.id)).status).toBe('refunded');
  });

  it('recovers from a crash after the commit: 3 retries and a redelivery 4 days later give 1 transition and 1 receipt (S7)', async () => {
    const { order, customer } = await aConfirmedOrder();
    const eventId = `evt_${randomUUID()}`;
    const body = sessionEventBody('checkout.session.completed', order, {}, eventId);
    const { webhookClock, FAULT_CRASH_AFTER_COMMIT } = await webhookModule();
    const start = Date.now();
    process.env[FAULT_CRASH_AFTER_COMMIT] = eventId;
    const statuses: (number | undefined)[] = [];
    try {
      for (let i = 0; i < 4; i++) statuses.push((await deliver(body)).statusCode);
      webhookClock.now = () => new Date(Date.now() + 4 * DAY_MS);
      statuses.push((await deliver(body, Date.now() + 4 * DAY_MS)).statusCode);
    } finally {
      delete process.env[FAULT_CRASH_AFTER_COMMIT];
      webhookClock.now = () => new Date();
    }

    const trail = await orderTrail(order.spaceId, order.id);
    expect(statuses).toEqual([500, 200, 200, 200, 200]);
    expect((await storedOrder(order.spaceId, order.id)).status).toBe('paid');
    expect(trail.audit.filter((a) => a.action === 'status-changed')).toHaveLength(1);
    expect(trail.audit.filter((a) => a.action === 'receipt-email-sent')).toHaveLength(1);
    expect((await sesMailsTo(stack, customer)).filter((m) => m.subject.startsWith('Receipt'))).toHaveLength(1);
    expect(trail.markers).toHaveLength(1);
    expect(trail.markers[0]!.expiresAt * 1000 - start).toBeGreaterThanOrEqual(30 * DAY_MS);
  });
});
