import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { ENV } from '../../../shared/config/names.js';
import type { LocalRoute } from '../gateway/server.js';
import type { ExtraService } from '../local-stack.js';
import { landingPage } from './checkout-page.js';
import { startFakeStripe } from './fake-stripe.js';

/** The key the functions use against the fake (any `sk_…` works there; it is no secret). */
export const FAKE_STRIPE_KEY = 'sk_test_local_fake';

const html = (res: ServerResponse, body: string) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
  res.end(body);
};

/** Where Checkout sends the customer back to (PUBLIC_BASE_URL is the gateway locally). */
export const landingRoutes = (): LocalRoute[] => [
  { method: 'GET', path: '/checkout/done', handle: (_q, res) => html(res, landingPage('Thank you', 'Your payment was received.')) },
  { method: 'GET', path: '/checkout/cancelled', handle: (_q, res) => html(res, landingPage('Payment cancelled', 'You can use the link in the email again.')) },
];

/**
 * Payments locally: the fake Stripe API beside the stack, with the real Stripe adapter pointed at it
 * (STRIPE_API_BASE) and its key in the app secret. With STRIPE_SECRET_KEY set in the shell, real
 * Stripe test mode is used instead.
 * @param port preferred port (a busy one falls back to a free one); 0 for any
 */
export const fakeStripeService = (port = 0): ExtraService => ({
  name: 'payments',
  async start(stack) {
    for (const route of landingRoutes()) stack.addRoute(route);
    if (stack.env[ENV.stripeSecretKey] !== undefined) {
      return { info: 'real Stripe test mode (STRIPE_SECRET_KEY is set)', stop: async () => undefined };
    }
    const fake = await startFakeStripe({
      port,
      webhook: { url: `${stack.apiUrl}/webhooks/stripe`, secret: stack.secrets.stripeWebhookSecret },
      ...(stack.dataDir !== undefined ? { stateFile: join(stack.dataDir, 'stripe.json') } : {}),
    });
    return {
      // The key goes where the deployment keeps it, in the app secret; the endpoint is configuration.
      appSecret: { stripeSecretKey: FAKE_STRIPE_KEY },
      env: { [ENV.stripeApiBase]: fake.url },
      info: `fake Stripe API ${fake.url}; the payment link opens its checkout page`,
      stop: () => fake.stop(),
    };
  },
});
