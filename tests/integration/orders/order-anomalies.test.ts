import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { orderKey } from '../../../shared/store/keys.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeStripe } from '../../support/fake-stripe.js';
import { aConfirmedOrder, callWebhook, orderTrail, sessionEventBody, sign, startOrderHarness, storedOrder } from './order-fixtures.js';

let stripe: FakeStripe;
beforeAll(async () => ({ stripe } = await startOrderHarness()));
afterAll(async () => stripe.stop());

const deliver = (body: string) => callWebhook(body, sign(body));
const idOf = (body: string) => String(JSON.parse(body).id);
const refundOf = (object: Record<string, unknown>) => JSON.stringify({ id: `evt_${randomUUID()}`, object: 'event', type: 'charge.refunded', data: { object } });

describe('order anomalies', () => {
  it('lists every mismatched payment with its event and resolves them when the correct payment arrives', async () => {
    const { order } = await aConfirmedOrder();
    const short = sessionEventBody('checkout.session.completed', order, { amount_total: order.total - 100, payment_status: 'unpaid' });
    const euros = sessionEventBody('checkout.session.async_payment_succeeded', order, { currency: 'eur' });
    const correct = sessionEventBody('checkout.session.async_payment_succeeded', order);

    const outcomes = [];
    for (const body of [short, euros]) outcomes.push((await deliver(body)).json.outcome);
    const flagged = await storedOrder(order.spaceId, order.id);
    outcomes.push((await deliver(correct)).json.outcome);
    const paid = await storedOrder(order.spaceId, order.id);

    expect(outcomes).toEqual(['flagged', 'flagged', 'applied']);
    expect(flagged.status).toBe('awaiting_payment');
    expect(flagged.flag).toMatchObject({ reason: 'currency-mismatch', eventId: idOf(euros) });
    expect(flagged.anomalies).toEqual([
      expect.objectContaining({ kind: 'amount-mismatch', eventId: idOf(short), eventType: 'checkout.session.completed', detail: expect.stringContaining(String(order.total - 100)) }),
      expect.objectContaining({ kind: 'currency-mismatch', eventId: idOf(euros), eventType: 'checkout.session.async_payment_succeeded' }),
    ]);
    expect(paid.status).toBe('paid');
    expect(paid.flag).toBeUndefined();
    expect(paid.anomalies).toEqual([
      expect.objectContaining({ kind: 'amount-mismatch', resolvedBy: expect.objectContaining({ eventId: idOf(correct), eventType: 'checkout.session.async_payment_succeeded' }) }),
      expect.objectContaining({ kind: 'currency-mismatch', resolvedBy: expect.objectContaining({ eventId: idOf(correct) }) }),
    ]);
    const statusChange = (await orderTrail(order.spaceId, order.id)).audit.find((a) => a.action === 'status-changed');
    expect(statusChange?.details).toMatchObject({ resolved: ['amount-mismatch', 'currency-mismatch'] });
  });

  it('keeps the anomaly of each of 8 concurrent mismatched deliveries', async () => {
    const { order } = await aConfirmedOrder();
    const wrong = Array.from({ length: 8 }, (_, i) => sessionEventBody('checkout.session.completed', order, { amount_total: order.total - 1 - i, payment_status: 'unpaid' }));

    const replies = await Promise.all(wrong.map((body) => deliver(body)));

    const stored = await storedOrder(order.spaceId, order.id);
    expect(replies.map((r) => r.json.outcome)).toEqual(Array(8).fill('flagged'));
    expect((stored.anomalies as { eventId: string }[]).map((a) => a.eventId).sort()).toEqual(wrong.map(idOf).sort());
  });

  it('resolves a partial refund when the full refund arrives', async () => {
    const { order } = await aConfirmedOrder();
    const session = stripe.pay(order.sessionId);
    await deliver(sessionEventBody('checkout.session.completed', order, { payment_intent: session.payment_intent }));
    const charge = stripe.refundedCharge(order.sessionId);
    const partial = refundOf({ ...charge, amount_refunded: 1000, refunded: false });
    const full = refundOf(charge);

    const outcomes = [(await deliver(partial)).json.outcome, (await deliver(full)).json.outcome];

    const stored = await storedOrder(order.spaceId, order.id);
    expect(outcomes).toEqual(['flagged', 'applied']);
    expect(stored.status).toBe('refunded');
    expect(stored.anomalies).toEqual([expect.objectContaining({ kind: 'partial-refund', eventId: idOf(partial), resolvedBy: expect.objectContaining({ eventId: idOf(full) }) })]);
  });

  it('keeps a payment on an expired order open for a person, and records a second one too', async () => {
    const { order } = await aConfirmedOrder();
    await deliver(sessionEventBody('checkout.session.expired', order, { payment_status: 'unpaid' }));
    const first = sessionEventBody('checkout.session.completed', order);
    const second = sessionEventBody('checkout.session.async_payment_succeeded', order);

    const outcomes = [(await deliver(first)).json.outcome, (await deliver(second)).json.outcome, (await deliver(first)).json.outcome];

    const stored = await storedOrder(order.spaceId, order.id);
    expect(outcomes).toEqual(['flagged', 'flagged', 'duplicate']);
    expect(stored.status).toBe('expired');
    expect(stored.anomalies).toEqual([
      expect.objectContaining({ kind: 'payment-on-expired-order', eventId: idOf(first) }),
      expect.objectContaining({ kind: 'payment-on-expired-order', eventId: idOf(second) }),
    ]);
    expect((stored.anomalies as { resolvedBy?: unknown }[]).every((a) => a.resolvedBy === undefined)).toBe(true);
    expect(stored.flag).toMatchObject({ reason: 'payment-on-expired-order', eventId: idOf(second) });
  });

  it('reads an order flagged before anomalies were listed as one anomaly, and adds the next one to it', async () => {
    const { order } = await aConfirmedOrder();
    const t = defaultTable();
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: orderKey(order.spaceId, order.id), UpdateExpression: 'SET flag = :f',
      ExpressionAttributeValues: { ':f': { reason: 'amount-mismatch', eventId: 'evt_legacy', at: '2026-01-01T00:00:00.000Z' } },
    }));
    const next = sessionEventBody('checkout.session.completed', order, { currency: 'eur', payment_status: 'unpaid' });

    const before = await storedOrder(order.spaceId, order.id);
    const outcome = (await deliver(next)).json.outcome;
    const after = await storedOrder(order.spaceId, order.id);

    expect(before.anomalies).toEqual([expect.objectContaining({ kind: 'amount-mismatch', eventId: 'evt_legacy' })]);
    expect(outcome).toBe('flagged');
    expect((after.anomalies as { eventId: string }[]).map((a) => a.eventId)).toEqual(['evt_legacy', idOf(next)]);
  });
});
