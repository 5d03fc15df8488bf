import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import Stripe from 'stripe';
import { createLocalPayments, type LocalCheckoutSession } from '../../../shared/adapters/payments/local-payments.js';
import { DomainError } from '../../../shared/domain/errors.js';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { localCheckoutKey } from '../../../shared/store/keys.js';
import type { LocalRoute } from '../gateway/server.js';
import type { ExtraService } from '../local-stack.js';
import { checkoutPage, landingPage } from './checkout-page.js';

const ACTIONS = {
  pay: { type: 'checkout.session.completed', status: 'complete' },
  expire: { type: 'checkout.session.expired', status: 'expired' },
  refund: { type: 'charge.refunded', status: 'complete' },
} as const;
type Action = keyof typeof ACTIONS;

const html = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" });
  res.end(body);
};

/** The Stripe event a button stands for, shaped like Stripe's. */
export function eventFor(action: Action, s: LocalCheckoutSession): string {
  const metadata = { spaceId: s.spaceId, orderId: s.orderId };
  // One PaymentIntent per local session; the local Charge also carries our metadata (Stripe's would not).
  const paymentIntent = `pi_${s.sessionId.replace(/^cs_/, '')}`;
  const object = action === 'refund'
    ? { id: `ch_local_${randomUUID().slice(0, 8)}`, object: 'charge', amount: s.amountTotal, amount_refunded: s.amountTotal, currency: s.currency.toLowerCase(), refunded: true, payment_intent: paymentIntent, metadata }
    : { id: s.sessionId, object: 'checkout.session', amount_total: s.amountTotal, currency: s.currency.toLowerCase(), customer_email: s.customerEmail,
        status: ACTIONS[action].status, payment_status: action === 'pay' ? 'paid' : 'unpaid', payment_intent: action === 'pay' ? paymentIntent : null, metadata };
  return JSON.stringify({ id: `evt_local_${randomUUID()}`, object: 'event', type: ACTIONS[action].type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object } });
}

/** Signs and posts an event to the real webhook through the gateway; resolves the HTTP status. */
export async function postSignedEvent(apiUrl: string, secret: string, payload: string): Promise<number> {
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  const res = await fetch(`${apiUrl}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
  await res.arrayBuffer();
  return res.status;
}

/** `/local/checkout/<id>` (page) and `/local/checkout/<id>/<pay|expire|refund>` (buttons), plus landing pages. */
export function checkoutRoutes(apiUrl: string): LocalRoute[] {
  const payments = () => createLocalPayments(defaultTable(), apiUrl);
  const secret = () => process.env.STRIPE_WEBHOOK_SECRET ?? '';
  return [
    { method: 'GET', path: '/checkout/done', handle: (_q, res) => html(res, 200, landingPage('Thank you', 'Your payment was received.')) },
    { method: 'GET', path: '/checkout/cancelled', handle: (_q, res) => html(res, 200, landingPage('Payment cancelled', 'You can use the link in the email again.')) },
    { method: 'GET', path: '/local/checkout/*', handle: async (_q, res, url) => {
      const id = url.pathname.split('/')[3] ?? '';
      try {
        html(res, 200, checkoutPage(await payments().getLocalSession(id)));
      } catch (err) {
        html(res, err instanceof DomainError ? 404 : 500, landingPage('Not found', 'No such checkout session.'));
      }
    } },
    { method: 'POST', path: '/local/checkout/*', handle: async (_q, res, url) => {
      const [, , , id = '', action = ''] = url.pathname.split('/');
      if (!(action in ACTIONS)) return html(res, 404, landingPage('Not found', 'No such action.'));
      try {
        const session = await payments().getLocalSession(id);
        const status = await postSignedEvent(apiUrl, secret(), eventFor(action as Action, session));
        const t = defaultTable();
        if (status < 300) {
          await t.client.send(new UpdateCommand({ TableName: t.table, Key: localCheckoutKey(session.spaceId, session.sessionId), UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': ACTIONS[action as Action].status } }));
        }
        html(res, 200, checkoutPage(await payments().getLocalSession(id), `The webhook answered ${status} to ${ACTIONS[action as Action].type}.`));
      } catch (err) {
        html(res, err instanceof DomainError ? 404 : 500, landingPage('Not found', 'No such checkout session.'));
      }
    } },
  ];
}

/** Mounts the local checkout page on the gateway (add to start.ts EXTRA_SERVICES). */
export const localCheckoutService: ExtraService = {
  name: 'local checkout',
  async start(stack) {
    for (const route of checkoutRoutes(stack.apiUrl)) stack.addRoute(route);
    return { info: `${stack.apiUrl}/local/checkout/<session> (used when STRIPE_SECRET_KEY is unset)`, stop: async () => undefined };
  },
};
