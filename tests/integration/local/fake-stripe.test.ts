import { createServer, type Server } from 'node:http';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripePayments } from '../../../shared/adapters/payments/stripe-payments.js';
import { verifyStripeSignature } from '../../../shared/adapters/payments/verify-stripe-signature.js';
import { closeHttpServer, listenLocal } from '../../../infra/local/ports.js';
import { startFakeStripe, type FakeStripe } from '../../../infra/local/stripe/fake-stripe.js';

const SECRET = 'whsec_fake_stripe_test';

/** A webhook endpoint that keeps what it receives and verifies it like ours does. */
async function startWebhook() {
  const received: { event: Stripe.Event; verified: boolean }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let verified = true;
      try {
        verifyStripeSignature(raw, req.headers['stripe-signature'] as string, [SECRET], Math.floor(Date.now() / 1000));
      } catch {
        verified = false;
      }
      received.push({ event: JSON.parse(raw) as Stripe.Event, verified });
      res.writeHead(200).end('{}');
    });
  });
  const port = await listenLocal(server, 0);
  return { url: `http://127.0.0.1:${port}/webhooks/stripe`, received, stop: () => closeHttpServer(server) };
}

describe('fake Stripe API (the local payment provider)', () => {
  let fake: FakeStripe;
  let webhook: Awaited<ReturnType<typeof startWebhook>>;
  const request = (key: string) => ({
    orderId: 'ord_1', spaceId: 'space-a', idempotencyKey: key, currency: 'USD' as const, customerEmail: 'a@x.example',
    lines: [{ description: '<script>alert(1)</script> Widget', quantity: 5, unitAmount: 1250 }],
    successUrl: 'http://127.0.0.1/checkout/done', cancelUrl: 'http://127.0.0.1/checkout/cancelled',
  });

  beforeAll(async () => {
    webhook = await startWebhook();
    fake = await startFakeStripe({ webhook: { url: webhook.url, secret: SECRET } });
  });
  afterAll(async () => {
    await fake.stop();
    await webhook.stop();
  });

  it('serves the real Stripe adapter a session whose hosted page shows the lines with every text escaped', async () => {
    const session = await createStripePayments('sk_test_x', fake.url).createCheckout(request('k-page'));

    const html = await (await fetch(session.url)).text();

    expect(session.url).toBe(`${fake.url}/c/pay/${session.sessionId}`);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Widget');
    expect(html).toContain('$62.50');
    expect(html).toContain(`/c/pay/${session.sessionId}/pay`);
  });

  it('pays from the page: the session completes and the webhook gets one signed checkout.session.completed', async () => {
    const session = await createStripePayments('sk_test_x', fake.url).createCheckout(request('k-pay'));
    const before = webhook.received.length;

    const page = await (await fetch(`${session.url}/pay`, { method: 'POST' })).text();

    const delivered = webhook.received.slice(before);
    expect(page).toContain('The webhook answered 200 to checkout.session.completed');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      verified: true,
      event: { type: 'checkout.session.completed', data: { object: {
        id: session.sessionId, payment_status: 'paid', status: 'complete', amount_total: 6250, currency: 'usd',
        metadata: { spaceId: 'space-a', orderId: 'ord_1' },
      } } },
    });
    expect(fake.session(session.sessionId)?.status).toBe('complete');
  });

  it('refunds a paid session with a charge.refunded that carries no metadata, whose PaymentIntent does', async () => {
    const payments = createStripePayments('sk_test_x', fake.url);
    const session = await payments.createCheckout(request('k-refund'));
    await fetch(`${session.url}/pay`, { method: 'POST' });
    const before = webhook.received.length;

    await fetch(`${session.url}/refund`, { method: 'POST' });

    const charge = webhook.received.slice(before)[0]?.event.data.object as unknown as { metadata: object; payment_intent: string; refunded: boolean };
    expect(charge).toMatchObject({ refunded: true, metadata: {} });
    expect(await payments.metadataOf(charge.payment_intent)).toEqual({ spaceId: 'space-a', orderId: 'ord_1' });
  });

  it('does nothing for a button that does not apply to the session any more', async () => {
    const session = await createStripePayments('sk_test_x', fake.url).createCheckout(request('k-expire'));
    await fetch(`${session.url}/expire`, { method: 'POST' });
    const before = webhook.received.length;

    const page = await (await fetch(`${session.url}/pay`, { method: 'POST' })).text();

    expect(page).toContain('Nothing to do for this session');
    expect(webhook.received.length).toBe(before);
    expect(fake.session(session.sessionId)?.status).toBe('expired');
  });

  it('keeps sessions and idempotency keys across a restart when given a state file', async () => {
    const stateFile = `${process.env.TMPDIR ?? '/tmp'}/fake-stripe-${Date.now()}.json`;
    const first = await startFakeStripe({ stateFile });
    const a = await createStripePayments('sk_test_x', first.url).createCheckout(request('k-restart'));
    await first.stop();

    const second = await startFakeStripe({ stateFile });
    const b = await createStripePayments('sk_test_x', second.url).createCheckout(request('k-restart'));
    await second.stop();

    expect(b.sessionId).toBe(a.sessionId);
    expect(second.created).toHaveLength(0);
  });
});
