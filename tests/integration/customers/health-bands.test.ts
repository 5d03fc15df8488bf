import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Api } from '../../support/api-client.js';
import { startFakeStripe, type FakeStripe } from '../../support/fake-stripe.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { callOrders, callWebhook, confirmBody, seedSpace, sessionEventBody, sign, storedOrder, WEBHOOK_SECRET } from '../orders/order-fixtures.js';

let stripe: FakeStripe;
beforeAll(async () => {
  useLocalStackEnv();
  stripe = await startFakeStripe();
  Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_API_BASE: stripe.url, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
});
afterAll(async () => { await stripe?.stop(); });

type Cards = {
  month: string; openOrders: number; interactionsThisMonth: number; lastContactAt: string | null;
  ordersPaidThisMonth: { count: number; amounts: { currency: string; amount: number }[] };
  health: { score: number; band: string; parts: { part: string; weight: number; value: number; points: number }[] } | null;
};
const cards = async (api: Api, path: string): Promise<Cards> => {
  const reply = await api.get(path);
  expect(reply.status, path).toBe(200);
  return reply.body as Cards;
};
const points = (c: Cards) => Object.fromEntries((c.health?.parts ?? []).map((p) => [p.part, p.points]));
const aMinuteAgo = () => new Date(Date.now() - 60_000).toISOString();

describe('health score moved by events', () => {
  it('takes a company from critical to at risk to healthy and back to at risk, and keeps its stat cards', async () => {
    const seed = await seedSpace();
    const api = apiAs(seed.spaceId, 'admin');
    const company = (await api.post('/companies', { name: 'Customer Inc', domains: ['customer.example'] })).body.id as string;
    const buyer = await api.post('/contacts', { name: 'Bea Buyer', emails: [seed.customer], companyId: company, roles: ['decision_maker'] });
    expect(buyer.status).toBe(201);
    const before = await cards(api, `/companies/${company}/stats`);

    const calls = [];
    for (let i = 0; i < 4; i++) calls.push((await api.post('/activities', { type: 'call', subject: `Call ${i}`, at: aMinuteAgo(), contactIds: [buyer.body.id] })).body);
    const afterCalls = await cards(api, `/companies/${company}/stats`);

    const confirmed = await callOrders(seed.spaceId, 'POST /orders', { body: confirmBody(seed) });
    expect(confirmed.statusCode).toBe(201);
    const order = { id: String(confirmed.json.id), spaceId: seed.spaceId, sessionId: String(confirmed.json.checkoutSessionId), total: Number(confirmed.json.total), currency: String(confirmed.json.currency) };
    const open = await cards(api, `/companies/${company}/stats`);
    expect((await api.post('/contacts', { name: 'Carl Colleague', emails: ['carl@customer.example'], companyId: company })).status).toBe(201);
    const session = stripe.pay(order.sessionId);
    const paidEvent = sessionEventBody('checkout.session.completed', order, { payment_intent: session.payment_intent });
    expect((await callWebhook(paidEvent, sign(paidEvent))).statusCode).toBe(200);
    expect((await callWebhook(paidEvent, sign(paidEvent))).statusCode).toBe(200); // Stripe redelivers: counted once
    expect((await storedOrder(seed.spaceId, order.id)).status).toBe('paid');
    const paid = await cards(api, `/companies/${company}/stats`);

    for (const c of calls) expect((await api.delete(`/activities/${c.id}`)).status).toBe(204);
    const quiet = await cards(api, `/companies/${company}/stats`);
    const space = await cards(api, '/stats');
    const contact = await cards(api, `/contacts/${buyer.body.id}/stats`);

    console.info(`health of the company: ${[before, afterCalls, open, paid, quiet].map((c) => `${c.health?.score} ${c.health?.band}`).join(' → ')}`);
    expect(before.health).toMatchObject({ score: 20, band: 'critical' });
    expect(points(before)).toEqual({ interactions: 0, orders: 0, payments: 5, coverage: 15, penalties: 0 });
    expect(afterCalls.health).toMatchObject({ score: 60, band: 'at_risk' });
    expect(afterCalls).toMatchObject({ interactionsThisMonth: 4, openOrders: 0 });
    expect(open).toMatchObject({ openOrders: 1, ordersPaidThisMonth: { count: 0, amounts: [] } });
    expect(paid.health).toMatchObject({ score: 90, band: 'healthy' });
    expect(points(paid)).toMatchObject({ interactions: 40, orders: 10, payments: 10, coverage: 30 });
    expect(paid).toMatchObject({ openOrders: 0, ordersPaidThisMonth: { count: 1, amounts: [{ currency: order.currency, amount: order.total }] } });
    expect(quiet.health).toMatchObject({ score: 50, band: 'at_risk' });
    expect(quiet).toMatchObject({ interactionsThisMonth: 0, openOrders: 0 });
    expect(quiet.lastContactAt).toBe(afterCalls.lastContactAt);
    expect(space).toMatchObject({ interactionsThisMonth: 0, openOrders: 0, ordersPaidThisMonth: { count: 1, amounts: [{ currency: order.currency, amount: order.total }] } });
    expect(contact.health?.parts.map((p) => p.part)).toEqual(['interactions', 'orders', 'payments', 'penalties']);
    expect(contact.ordersPaidThisMonth.count).toBe(1);
  });

  it('answers 404 for another Space\'s company and null health before any event', async () => {
    const seed = await seedSpace();
    const api = apiAs(seed.spaceId, 'admin');
    const company = (await api.post('/companies', { name: 'Quiet Co' })).body.id as string;

    const mine = await cards(api, `/companies/${company}/stats`);
    const theirs = await apiAs((await seedSpace()).spaceId, 'admin').get(`/companies/${company}/stats`);

    expect(mine).toMatchObject({ health: null, openOrders: 0, interactionsThisMonth: 0, lastContactAt: null });
    expect(theirs.status).toBe(404);
  });
});
