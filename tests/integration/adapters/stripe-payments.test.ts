import { afterAll, beforeAll } from 'vitest';
import { createStripePayments } from '../../../shared/adapters/payments/stripe-payments.js';
import { paymentsContract } from '../../support/contracts/payments-contract.js';
import { startFakeStripe, type FakeStripe } from '../../support/fake-stripe.js';

let fake: FakeStripe;
beforeAll(async () => { fake = await startFakeStripe(); });
afterAll(async () => fake.stop());

paymentsContract('the Stripe adapter (against the fake Stripe API)', ({ refusing }) => ({
  // A refusing provider: nothing listens on port 1, so Stripe cannot be reached.
  payments: createStripePayments('sk_test_fake', refusing ? 'http://127.0.0.1:1' : fake.url),
  pay: async (sessionId) => fake.pay(sessionId).payment_intent!,
}));
