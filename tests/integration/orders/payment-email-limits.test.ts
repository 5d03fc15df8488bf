import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeStripe } from '../../support/fake-stripe.js';
import type { ProvidedStack } from '../../support/local-stack.js';
import { addMessage, callOrders, confirmBody, seedSpace, sesMailsTo, startOrderHarness, type Reply } from './order-fixtures.js';

const COOLDOWN_SECONDS = 2;
const PER_DAY = 5;
let stack: ProvidedStack;
let stripe: FakeStripe;
beforeAll(async () => {
  ({ stack, stripe } = await startOrderHarness());
  // Read when the orders handler builds its dependencies, on the first call of this file.
  Object.assign(process.env, { PAYMENT_EMAIL_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS), PAYMENT_EMAILS_PER_DAY: String(PER_DAY) });
});
afterAll(async () => stripe.stop());

const resend = (spaceId: string, orderId: string) => callOrders(spaceId, 'POST /orders/{id}/resend-link', { pathParameters: { id: orderId } });
const secondsToUtcMidnight = () => { const now = Date.now(); return Math.ceil((now - (now % 86_400_000) + 86_400_000 - now) / 1000); };

function expectTooMany(reply: Reply, code: string) {
  expect(reply.statusCode).toBe(429);
  expect(reply.headers?.['content-type']).toBe('application/problem+json');
  expect(String(reply.json.type)).toMatch(new RegExp(`/${code}$`));
  expect(reply.headers?.['retry-after']).toBe(String(reply.json.retryAfter));
}

describe('payment email limits', () => {
  it('refuses a resend within the per-order cooldown, and sends 1 of 10 concurrent resends after it', async () => {
    const seed = await seedSpace();
    const order = await callOrders(seed.spaceId, 'POST /orders', { body: confirmBody(seed) });

    const early = await resend(seed.spaceId, String(order.json.id));
    await sleep(COOLDOWN_SECONDS * 1000 + 200);
    const burst = await Promise.all(Array.from({ length: 10 }, () => resend(seed.spaceId, String(order.json.id))));

    expectTooMany(early, 'payment-email-cooldown');
    expect(Number(early.json.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(early.json.retryAfter)).toBeLessThanOrEqual(COOLDOWN_SECONDS);
    expect(burst.map((r) => r.statusCode).sort()).toEqual([200, ...Array(9).fill(429)]);
    burst.filter((r) => r.statusCode === 429).forEach((r) => expectTooMany(r, 'payment-email-cooldown'));
    expect(await sesMailsTo(stack, seed.customer)).toHaveLength(2);
  });

  it('sends at most the daily cap of payment emails per Space from concurrent confirms and resends, and leaves other Spaces alone', async () => {
    const seed = await seedSpace();
    const messages = [seed.messageId, ...(await Promise.all(Array.from({ length: 7 }, () => addMessage(seed.spaceId, seed.customer)))).map((m) => m.messageId)];

    const confirms = await Promise.all(messages.map((messageId) => callOrders(seed.spaceId, 'POST /orders', { body: confirmBody({ messageId, customer: seed.customer }) })));
    const late = await addMessage(seed.spaceId, seed.customer);
    const sessionsBefore = stripe.created.length;
    const afterCap = await callOrders(seed.spaceId, 'POST /orders', { body: confirmBody({ messageId: late.messageId, customer: seed.customer }) });
    const sessionsAfter = stripe.created.length;
    await sleep(COOLDOWN_SECONDS * 1000 + 200);
    const sent = confirms.find((r) => r.statusCode === 201)!;
    const resent = await resend(seed.spaceId, String(sent.json.id));
    const other = await seedSpace();
    const otherReply = await callOrders(other.spaceId, 'POST /orders', { body: confirmBody(other) });

    const statuses = confirms.map((r) => r.statusCode);
    console.log(`daily cap ${PER_DAY}: confirms ${JSON.stringify(statuses)}, payment emails ${(await sesMailsTo(stack, seed.customer)).length}`);
    expect(statuses.filter((s) => s === 201)).toHaveLength(PER_DAY);
    expect(statuses.filter((s) => s === 429)).toHaveLength(messages.length - PER_DAY);
    confirms.filter((r) => r.statusCode === 429).forEach((r) => expectTooMany(r, 'payment-email-limit'));
    expect(await sesMailsTo(stack, seed.customer)).toHaveLength(PER_DAY);
    expectTooMany(afterCap, 'payment-email-limit');
    expect(afterCap.json.orderId).toBeUndefined();
    expect(sessionsAfter).toBe(sessionsBefore);
    expect(Math.abs(Number(afterCap.json.retryAfter) - secondsToUtcMidnight())).toBeLessThanOrEqual(5);
    expectTooMany(resent, 'payment-email-limit');
    expect(otherReply.statusCode).toBe(201);
  });
});
