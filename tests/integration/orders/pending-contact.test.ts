import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIdOf, type Capture } from '../../../shared/domain/contacts/capture.js';
import { createCaptureStore } from '../../../shared/store/capture-store.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import type { FakeStripe } from '../../support/fake-stripe.js';
import type { ProvidedStack } from '../../support/local-stack.js';
import { callOrders, confirmBody, seedSpace, sesMailsTo, startOrderHarness } from './order-fixtures.js';

let stack: ProvidedStack;
let stripe: FakeStripe;
beforeAll(async () => ({ stack, stripe } = await startOrderHarness()));
afterAll(async () => stripe.stop());

describe('POST /orders to a captured contact', () => {
  it('sends nothing to an address waiting for review, and sends once it is approved', async () => {
    const seed = await seedSpace();
    const captures = createCaptureStore(defaultTable());
    const pending: Capture = {
      spaceId: seed.spaceId, id: captureIdOf(seed.spaceId, seed.customer), address: seed.customer, name: 'Buyer', state: 'pending', capturedAt: new Date().toISOString(),
      source: { messageId: seed.messageId, threadId: seed.threadId, subject: 'Order', date: new Date().toISOString(), direction: 'inbound' },
    };
    await captures.proposeCapture(pending);
    const sessionsBefore = stripe.created.length;

    const refused = await callOrders(seed.spaceId, 'POST /orders', { body: confirmBody(seed) });

    expect(refused.statusCode).toBe(409);
    expect(String(refused.json.type)).toMatch(/contact-pending-review$/);
    expect(refused.json.captureId).toBe(pending.id);
    expect(stripe.created.length).toBe(sessionsBefore);
    expect(await sesMailsTo(stack, seed.customer)).toHaveLength(0);

    await captures.decideCapture(pending, { ...pending, state: 'approved', contactId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5' },
      { id: 'audit-1', spaceId: seed.spaceId, entity: 'capture', entityId: pending.id, action: 'update', userId: 'staff-1', requestId: 'r', at: new Date().toISOString() });
    const sent = await callOrders(seed.spaceId, 'POST /orders', { body: confirmBody(seed) });
    expect(sent.statusCode).toBe(201);
    expect(await sesMailsTo(stack, seed.customer)).toHaveLength(1);
  });
});
