/** Tests use the same fake Stripe API as npm start (one fake, its test controls included). */
export { startFakeStripe, type FakeStripe, type FakeSession, type FakePaymentIntent } from '../../infra/local/stripe/fake-stripe.js';
