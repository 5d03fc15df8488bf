import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeStripe } from '../../support/fake-stripe.js';
import { callOrders, callWebhook, confirmBody, seedSpace, sessionEventBody, sign, startOrderHarness, storedOrder, WIDGET_ID } from './order-fixtures.js';

let stripe: FakeStripe;
beforeAll(async () => ({ stripe } = await startOrderHarness()));
afterAll(async () => stripe.stop());

const widget = (unitAmount: number, quantity = 2) => ({ productId: WIDGET_ID, description: 'Large Black Widget', quantity, unitAmount });

async function confirmIn(currency: string, unitAmount: number, quantity = 2) {
  const seed = await seedSpace({ currency, unitAmount });
  const reply = await callOrders(seed.spaceId, 'POST /orders', { body: confirmBody(seed, { lines: [widget(unitAmount, quantity)] }) });
  return { seed, reply };
}

const deliver = (body: string) => callWebhook(body, sign(body));

describe('POST /orders in currencies Stripe writes differently (through the Stripe adapter and the fake Stripe API)', () => {
  it.each([
    // currency, catalog price in ISO minor units, unit_amount Stripe must receive
    ['ISK', 5_000, 500_000],
    ['HUF', 150_000, 150_000],
    ['TWD', 30_000, 30_000],
    ['JPY', 500, 500],
    ['KWD', 1_250, 1_250],
    ['USD', 1_999, 1_999],
  ])('sends %s %i minor units as unit_amount %i and pays the order on the amount Stripe reports', async (currency, isoUnit, stripeUnit) => {
    const { seed, reply } = await confirmIn(currency, isoUnit);
    const session = stripe.session(String(reply.json.checkoutSessionId))!;

    const paid = await deliver(sessionEventBody('checkout.session.completed', { id: String(reply.json.id), spaceId: seed.spaceId, sessionId: session.id, total: session.amount_total, currency: session.currency }));

    expect(reply.statusCode).toBe(201);
    expect(reply.json).toMatchObject({ currency, total: isoUnit * 2 });
    expect(stripe.linesOf(session.id)).toEqual([{ name: expect.any(String), quantity: 2, unitAmount: stripeUnit, currency: currency.toLowerCase() }]);
    expect(session.amount_total).toBe(stripeUnit * 2);
    expect(paid.json.outcome).toBe('applied');
    expect((await storedOrder(seed.spaceId, String(reply.json.id))).status).toBe('paid');
  });

  it('does not pay an ISK order whose payment Stripe reports at 1/100 of the total', async () => {
    const { seed, reply } = await confirmIn('ISK', 5_000);
    const order = { id: String(reply.json.id), spaceId: seed.spaceId, sessionId: String(reply.json.checkoutSessionId), currency: 'ISK' };

    const outcome = await deliver(sessionEventBody('checkout.session.completed', { ...order, total: 10_000 }));

    expect(outcome.json.outcome).toBe('flagged');
    expect((await storedOrder(seed.spaceId, order.id)).status).toBe('awaiting_payment');
  });

  it.each([
    ['HUF', 12_345, '#/lines/0/unitAmount'],
    ['TWD', 1_050, '#/lines/0/unitAmount'],
    ['KWD', 1_255, '#/lines/0/unitAmount'],
    ['IQD', 1_000, '#/currency'],
  ])('refuses %s %i with 422 naming %s, before any order or session exists', async (currency, unitAmount, pointer) => {
    const before = stripe.created.length;

    const { seed, reply } = await confirmIn(currency, unitAmount);

    expect(reply.statusCode).toBe(422);
    expect(reply.headers?.['content-type']).toBe('application/problem+json');
    expect(String(reply.json.type)).toMatch(/\/not-chargeable$/);
    expect(reply.json.errors).toEqual([expect.objectContaining({ pointer })]);
    expect(stripe.created.length).toBe(before);
    expect((await callOrders(seed.spaceId, 'GET /orders')).json.items).toEqual([]);
  });
});
