import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripePayments } from '../../../../shared/adapters/payments/stripe-payments.js';
import { startFakeStripe, type FakeStripe } from '../../../support/fake-stripe.js';

let fake: FakeStripe;
beforeAll(async () => { fake = await startFakeStripe(); });
afterAll(async () => fake.stop());

const request = {
  orderId: 'ord_1', spaceId: 'space-a', idempotencyKey: 'order-ord_1-checkout-1', currency: 'EUR' as const, customerEmail: 'a@x.example',
  lines: [{ description: 'Large Black Widget', quantity: 5, unitAmount: 1250 }], successUrl: 'http://127.0.0.1/ok', cancelUrl: 'http://127.0.0.1/no',
};

describe('createStripePayments', () => {
  it('creates one session per idempotency key with price data, metadata and the customer email', async () => {
    const payments = createStripePayments('sk_test_fake', fake.url);

    const [a, b] = await Promise.all([payments.createCheckout(request), payments.createCheckout(request)]);

    expect(a.sessionId).toBe(b.sessionId);
    expect(fake.created).toHaveLength(1);
    expect(fake.created[0]).toMatchObject({ amount_total: 6250, currency: 'eur', customer_email: 'a@x.example', metadata: { spaceId: 'space-a', orderId: 'ord_1' } });
    expect(fake.calls.every((c) => c.idempotencyKey === undefined || c.idempotencyKey.length <= 255)).toBe(true);
  });

  it('turns a provider refusal into a payment-provider-failed error', async () => {
    fake.failCreates(1);

    await expect(createStripePayments('sk_test_fake', fake.url).createCheckout({ ...request, idempotencyKey: 'k2' })).rejects.toMatchObject({ code: 'payment-provider-failed' });
  });
});
