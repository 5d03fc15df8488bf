import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeStripe } from '../../support/fake-stripe.js';
import type { ProvidedStack } from '../../support/local-stack.js';
import { addContact, callOrders, confirmBody, orderTrail, seedSpace, sesMailsTo, startOrderHarness, WIDGET_ID } from './order-fixtures.js';

let stack: ProvidedStack;
let stripe: FakeStripe;
beforeAll(async () => ({ stack, stripe } = await startOrderHarness()));
afterAll(async () => stripe.stop());

const line = (overrides: Record<string, unknown> = {}) => ({ productId: WIDGET_ID, sku: 'W-L-BLK', description: 'Large Black Widget', quantity: 4, unitAmount: 2500, ...overrides });
const shipping = (overrides: Record<string, unknown> = {}) => ({ description: 'Express shipping', quantity: 1, unitAmount: 900, ...overrides });
const confirm = (seed: Awaited<ReturnType<typeof seedSpace>>, lines: unknown[], role: 'staff' | 'admin' = 'staff') =>
  callOrders(seed.spaceId, 'POST /orders', { body: confirmBody(seed, { lines }), role });

async function expectNothingCreated(seed: Awaited<ReturnType<typeof seedSpace>>, sessionsBefore: number) {
  expect(stripe.created.length).toBe(sessionsBefore);
  expect((await callOrders(seed.spaceId, 'GET /orders')).json.items).toEqual([]);
  expect(await sesMailsTo(stack, seed.customer)).toHaveLength(0);
}

describe('POST /orders prices catalog lines from the catalog', () => {
  it('refuses a $25.00 catalog item confirmed at $0.01 with 409 naming the line and the catalog price', async () => {
    const seed = await seedSpace({ unitAmount: 2500 });
    const before = stripe.created.length;

    const reply = await confirm(seed, [line({ unitAmount: 1 })]);

    expect(reply.statusCode).toBe(409);
    expect(String(reply.json.type)).toMatch(/\/price-mismatch$/);
    expect(reply.json.errors).toEqual([expect.objectContaining({ pointer: '#/lines/0/unitAmount', expectedUnitAmount: 2500 })]);
    await expectNothingCreated(seed, before);
  });

  it('expects the contact\'s wholesale discount and refuses the list price for that customer', async () => {
    const seed = await seedSpace({ unitAmount: 2500 });
    expect((await addContact(seed.spaceId, { name: 'Buyer', emails: [seed.customer], customFields: { wholesale_discount_pct: 10 } })).statusCode).toBe(201);

    const listPrice = await confirm(seed, [line()]);
    const discounted = await confirm(seed, [line({ unitAmount: 2250 })]);

    expect(listPrice.statusCode).toBe(409);
    expect(listPrice.json.errors).toEqual([expect.objectContaining({ pointer: '#/lines/0/unitAmount', expectedUnitAmount: 2250 })]);
    expect(discounted.statusCode).toBe(201);
    expect(discounted.json).toMatchObject({ total: 9000, discountPct: 10 });
  });

  it('lets an admin set an explicit price with a reason, shown on the order and audited', async () => {
    const seed = await seedSpace({ unitAmount: 2500 });

    const reply = await confirm(seed, [line({ unitAmount: 1500, priceOverride: { unitAmount: 1500, reason: 'Trade show price' } })], 'admin');

    expect(reply.statusCode).toBe(201);
    expect(reply.json.total).toBe(6000);
    expect(reply.json.lines).toEqual([expect.objectContaining({
      unitAmount: 1500, amount: 6000, priceOverride: expect.objectContaining({ reason: 'Trade show price', by: 'admin-1', catalogUnitAmount: 2500 }),
    })]);
    const created = (await orderTrail(seed.spaceId, String(reply.json.id))).audit.find((a) => a.action === 'create');
    expect(created?.details).toMatchObject({ priceOverrides: [expect.objectContaining({ line: 0, unitAmount: 1500, catalogUnitAmount: 2500, reason: 'Trade show price' })] });
    expect((await sesMailsTo(stack, seed.customer))[0]!.body.text).toContain('$15.00');
  });

  it('refuses a price override from staff with 403 naming the line', async () => {
    const seed = await seedSpace({ unitAmount: 2500 });
    const before = stripe.created.length;

    const reply = await confirm(seed, [line({ unitAmount: 1, priceOverride: { unitAmount: 1, reason: 'Friend of the owner' } })]);

    expect(reply.statusCode).toBe(403);
    expect(reply.json.errors).toEqual([expect.objectContaining({ pointer: '#/lines/0/priceOverride' })]);
    await expectNothingCreated(seed, before);
  });

  it('takes a line without a product only from an admin with a reason', async () => {
    const seed = await seedSpace({ unitAmount: 2500 });
    const before = stripe.created.length;

    const byStaff = await confirm(seed, [line(), shipping({ priceOverride: { unitAmount: 900, reason: 'Express shipping' } })]);
    const noReason = await confirm(seed, [line(), shipping()], 'admin');
    await expectNothingCreated(seed, before);
    const byAdmin = await confirm(seed, [line(), shipping({ priceOverride: { unitAmount: 900, reason: 'Express shipping to Reykjavik' } })], 'admin');

    expect(byStaff.statusCode).toBe(403);
    expect(byStaff.json.errors).toEqual([expect.objectContaining({ pointer: '#/lines/1' })]);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json.errors).toEqual([expect.objectContaining({ pointer: '#/lines/1/priceOverride' })]);
    expect(byAdmin.statusCode).toBe(201);
    expect(byAdmin.json.total).toBe(10_900);
    expect((byAdmin.json.lines as unknown[])[1]).toMatchObject({ unitAmount: 900, priceOverride: { reason: 'Express shipping to Reykjavik', by: 'admin-1' } });
  });

  it('refuses an override whose amount differs from the line\'s unitAmount', async () => {
    const seed = await seedSpace({ unitAmount: 2500 });

    const reply = await confirm(seed, [line({ unitAmount: 1, priceOverride: { unitAmount: 2, reason: 'Typo' } })], 'admin');

    expect(reply.statusCode).toBe(400);
    expect(reply.json.errors).toEqual([expect.objectContaining({ pointer: '#/lines/0/priceOverride/unitAmount' })]);
  });
});
