import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeStripe } from '../../support/fake-stripe.js';
import { callOrders, confirmBody, seedSpace, startOrderHarness, WIDGET_ID } from './order-fixtures.js';

let stripe: FakeStripe;
beforeAll(async () => ({ stripe } = await startOrderHarness()));
afterAll(async () => stripe.stop());

const draft = (spaceId: string, messageId: string) => callOrders(spaceId, 'POST /messages/{id}/draft-order', { pathParameters: { id: messageId } });

describe('POST /messages/{id}/draft-order on the local stack', () => {
  it('drafts priced lines, the sender as customer and the subject as memo', async () => {
    const seed = await seedSpace({ subject: 'Re: Widgets for March' });

    const reply = await draft(seed.spaceId, seed.messageId);

    expect(reply.statusCode).toBe(200);
    expect(reply.json).toMatchObject({
      customerEmail: seed.customer, memo: 'Widgets for March', currency: 'USD', total: 6250,
      lines: [expect.objectContaining({ productId: WIDGET_ID, sku: 'W-L-BLK', quantity: 5, unitAmount: 1250 })],
    });
  });

  it('answers 409 not-convertible once the message has an order', async () => {
    const seed = await seedSpace();
    await callOrders(seed.spaceId, 'POST /orders', { body: confirmBody(seed) });

    const reply = await draft(seed.spaceId, seed.messageId);

    expect(reply.statusCode).toBe(409);
    expect(reply.json).toMatchObject({ reason: 'has-order' });
  });

  it('answers 404 for a message of another Space', async () => {
    const seed = await seedSpace();
    const other = await seedSpace();

    expect((await draft(other.spaceId, seed.messageId)).statusCode).toBe(404);
  });

  it('refuses to confirm a line naming a product the catalog does not have', async () => {
    const seed = await seedSpace();

    const reply = await callOrders(seed.spaceId, 'POST /orders', { body: confirmBody(seed, { lines: [{ productId: 'nope', description: 'Ghost', quantity: 1, unitAmount: 1 }] }) });

    expect(reply.statusCode).toBe(400);
    expect(reply.json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '#/lines/0/productId' })]));
  });
});
