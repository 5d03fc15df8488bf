import Stripe from 'stripe';
import { PaymentProviderError } from '../../domain/orders/order-errors.js';
import type { CheckoutSession, PaymentIntents, Payments } from '../../domain/orders/ports.js';
import { stripeChargeIssues, toStripeAmount } from './stripe-currencies.js';

/** SDK options that point the client at STRIPE_API_BASE (a local fake in tests), else at Stripe. */
export function stripeOptionsFor(apiBase: string | undefined): Record<string, unknown> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol.replace(':', '') as 'http' | 'https';
  return { host: url.hostname, port: Number(url.port || (protocol === 'http' ? 80 : 443)), protocol };
}

const toSession = (s: Stripe.Checkout.Session): CheckoutSession => ({
  sessionId: s.id,
  url: s.url ?? '',
  expiresAt: new Date(s.expires_at * 1000).toISOString(),
  ...(s.status ? { status: s.status as NonNullable<CheckoutSession['status']> } : {}),
});

/**
 * Stripe Checkout. Every create carries the caller's idempotency key, so a retry after a lost
 * response returns the same session; metadata ties the session and its PaymentIntent (Stripe does
 * not copy it onto Charges) to Space + order. Amounts arrive in ISO minor units and leave in
 * Stripe's unit (stripe-currencies.ts): 5,000 ISK is 500000 to Stripe.
 */
export function createStripePayments(secretKey: string, apiBase?: string): Payments & PaymentIntents {
  const stripe = new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 10_000, ...stripeOptionsFor(apiBase) });
  const wrap = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      const type = (err as { type?: string }).type ?? 'unknown';
      throw Object.assign(new PaymentProviderError('The payment provider refused the request', { providerError: type }), { cause: err });
    }
  };
  return {
    chargeIssues: stripeChargeIssues,
    createCheckout: (r) => wrap(async () => toSession(await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: r.lines.map((l) => ({
        quantity: l.quantity,
        price_data: { currency: r.currency.toLowerCase(), unit_amount: toStripeAmount(l.unitAmount, r.currency), product_data: { name: l.description.slice(0, 250) } },
      })),
      customer_email: r.customerEmail,
      client_reference_id: r.orderId,
      success_url: r.successUrl,
      cancel_url: r.cancelUrl,
      metadata: { spaceId: r.spaceId, orderId: r.orderId },
      payment_intent_data: { metadata: { spaceId: r.spaceId, orderId: r.orderId } },
    }, { idempotencyKey: r.idempotencyKey }))),
    getCheckout: (sessionId) => wrap(async () => toSession(await stripe.checkout.sessions.retrieve(sessionId))),
    expireCheckout: (sessionId) => wrap(async () => {
      try {
        return toSession(await stripe.checkout.sessions.expire(sessionId));
      } catch (err) {
        // Stripe expires open sessions only: one already expired or completed is read back as it is.
        if ((err as { type?: string }).type !== 'StripeInvalidRequestError') throw err;
        const session = await stripe.checkout.sessions.retrieve(sessionId);
        if (session.status === 'open') throw err;
        return toSession(session);
      }
    }),
    async refund(r) {
      try {
        const refund = await stripe.refunds.create({
          payment_intent: r.paymentIntentId, amount: toStripeAmount(r.amount, r.currency),
          ...(r.reason ? { reason: r.reason as Stripe.RefundCreateParams.Reason } : {}),
          metadata: { spaceId: r.spaceId, orderId: r.orderId },
        }, { idempotencyKey: r.idempotencyKey });
        return { refundId: refund.id, status: refund.status ?? 'pending' };
      } catch (err) {
        const type = (err as { type?: string }).type ?? 'unknown';
        // A refusal moved no money; anything else (network, Stripe outage) may have: the caller retries with the same key.
        const refused = type === 'StripeInvalidRequestError' || type === 'StripeCardError';
        throw Object.assign(new PaymentProviderError('The payment provider refused or could not take the refund', { providerError: type, refused }), { cause: err });
      }
    },
    metadataOf: (paymentIntentId) => wrap(async () => {
      try {
        return (await stripe.paymentIntents.retrieve(paymentIntentId)).metadata;
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) return undefined;
        throw err;
      }
    }),
  };
}
