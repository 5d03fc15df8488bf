import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeStripe } from '../../support/fake-stripe.js';
import type { ProvidedStack } from '../../support/local-stack.js';
import { callOrders, confirmBody, seedSpace, sesMailsTo, startOrderHarness, WIDGET_ID } from './order-fixtures.js';

let stack: ProvidedStack;
let stripe: FakeStripe;
beforeAll(async () => ({ stack, stripe } = await startOrderHarness()));
afterAll(async () => stripe.stop());

const confirm = (spaceId: string, body: unknown, key?: string) =>
  callOrders(spaceId, 'POST /orders', { body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
const createsFor = (orderId: string) => stripe.created.filter((s) => s.metadata.orderId === orderId).length;

describe('POST /orders on the local stack', () => {
  it('makes 1 order, 1 checkout session and 1 payment email from 20 concurrent confirms (S8)', async () => {
    const seed = await seedSpace();

    const replies = await Promise.all(Array.from({ length: 20 }, () => confirm(seed.spaceId, confirmBody(seed))));

    const orderId = String(replies[0]!.json.id);
    expect(replies.map((r) => r.statusCode).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    expect(createsFor(orderId)).toBe(1);
    expect(await sesMailsTo(stack, seed.customer)).toHaveLength(1);
    expect(replies[0]!.json).toMatchObject({ status: 'awaiting_payment', channel: 'crm_email', total: 6250, currency: 'USD' });
  });

  it('answers the same Idempotency-Key with different lines with 409 and opens no session', async () => {
    const seed = await seedSpace();
    const first = await confirm(seed.spaceId, confirmBody(seed), 'key-1');
    const before = stripe.created.length;

    const changed = confirmBody(seed, { lines: [{ productId: WIDGET_ID, description: 'Large Black Widget', quantity: 6, unitAmount: 1250 }] });
    const reply = await confirm(seed.spaceId, changed, 'key-1');

    expect(first.statusCode).toBe(201);
    expect(reply.statusCode).toBe(409);
    expect(reply.headers?.['content-type']).toBe('application/problem+json');
    expect(String(reply.json.type)).toMatch(/idempotency-key-reused$/);
    expect(stripe.created.length).toBe(before);
  });

  it('reuses the stored session when Stripe forgot the idempotency key (S9)', async () => {
    const seed = await seedSpace();
    const first = await confirm(seed.spaceId, confirmBody(seed));
    stripe.forgetKeys();

    const again = await confirm(seed.spaceId, confirmBody(seed));

    expect(again.json.checkoutSessionId).toBe(first.json.checkoutSessionId);
    expect(createsFor(String(first.json.id))).toBe(1);
  });

  it('refuses a Bcc smuggled into the address and CR/LF or U+2028 in memo and lines (A9)', async () => {
    const seed = await seedSpace();
    const bodies = [
      confirmBody(seed, { customerEmail: 'a@x.example\r\nBcc: e@evil.example' }),
      confirmBody(seed, { customerEmail: 'a@x.example, e@evil.example' }),
      confirmBody(seed, { memo: 'Widgets\r\nBcc: e@evil.example' }),
      confirmBody(seed, { memo: 'Widgets\u2028Bcc: e@evil.example' }),
      confirmBody(seed, { lines: [{ productId: WIDGET_ID, description: 'W\nX', quantity: 1, unitAmount: 1 }] }),
    ];

    const replies = await Promise.all(bodies.map((b) => confirm(seed.spaceId, b)));

    expect(replies.map((r) => r.statusCode)).toEqual([400, 400, 400, 400, 400]);
    expect(await sesMailsTo(stack, 'e@evil.example')).toHaveLength(0);
  });

  it('refuses a second order for the same message under another key', async () => {
    const seed = await seedSpace();
    await confirm(seed.spaceId, confirmBody(seed), 'key-a');

    const reply = await confirm(seed.spaceId, confirmBody(seed), 'key-b');

    expect(reply.statusCode).toBe(409);
    expect(String(reply.json.type)).toMatch(/message-has-order$/);
  });

  it('lists orders newest first, filters by status and reads one with its history', async () => {
    const seed = await seedSpace();
    const created = await confirm(seed.spaceId, confirmBody(seed));

    const all = await callOrders(seed.spaceId, 'GET /orders');
    const paid = await callOrders(seed.spaceId, 'GET /orders', { queryStringParameters: { status: 'paid' } });
    const one = await callOrders(seed.spaceId, 'GET /orders/{id}', { pathParameters: { id: String(created.json.id) } });

    expect((all.json.items as unknown[]).length).toBe(1);
    expect((paid.json.items as unknown[]).length).toBe(0);
    expect(one.json.history).toEqual([expect.objectContaining({ status: 'awaiting_payment', cause: 'confirm' })]);
  });
});

describe('POST /orders when a step fails', () => {
  it('names the failed checkout step with 502 and completes the same order on retry', async () => {
    const seed = await seedSpace();
    stripe.failCreates(1);

    const failed = await confirm(seed.spaceId, confirmBody(seed));
    const retried = await confirm(seed.spaceId, confirmBody(seed));

    expect(failed.statusCode).toBe(502);
    expect(failed.json).toMatchObject({ step: 'checkout', orderId: retried.json.id });
    expect(String(failed.json.type)).toMatch(/order-step-failed$/);
    expect(retried.statusCode).toBe(200);
    expect(Object.keys(retried.json.steps as object).sort()).toEqual(['checkout', 'email', 'linked']);
    expect(createsFor(String(retried.json.id))).toBe(1);
    expect(await sesMailsTo(stack, seed.customer)).toHaveLength(1);
  });
});
