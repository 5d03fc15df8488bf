import * as z from 'zod';
import { isCurrency } from '../../domain/money/currencies.js';
import { isHeaderSafe, isSinglePlainAddress } from '../../adapters/mailer/mime-safe.js';
import { contract } from '../contract.js';
import { idParamsOf, messageId, orderId, pageFields, pageOf, productId } from './common.js';
import { draftExample, draftView, ORDER_STATUSES, orderExample, orderView, webhookReceiptView } from './order-views.js';

export { ORDER_STATUSES };
/** Text that may end up in a mail header or a provider field: one line, no control characters (A9). */
const oneLine = (max: number) => z.string().max(max).refine(isHeaderSafe, 'must be one line without control characters');
const email = z.string().trim().max(254).refine(isSinglePlainAddress, 'must be exactly one plain email address (name@example.com)');
const currency = z.string().transform((c) => c.toUpperCase()).refine(isCurrency, 'is not a supported ISO 4217 currency');

export const messageParams = idParamsOf(messageId);
export const orderParams = idParamsOf(orderId);

export const confirmLine = z.strictObject({
  productId: productId.optional(),
  sku: z.string().max(64).optional(),
  description: oneLine(500).pipe(z.string().trim().min(1)),
  quantity: z.number().int().min(1).max(100_000),
  unitAmount: z.number().int().min(0).max(99_999_999_999),
  /** An admin's explicit price instead of the catalog's (required, admin only, on a line without productId). */
  priceOverride: z.strictObject({
    unitAmount: z.number().int().min(0).max(99_999_999_999),
    reason: oneLine(200).pipe(z.string().trim().min(3, 'must say why, in at least 3 characters')),
  }).optional(),
});

export const confirmOrderBody = z.strictObject({
  messageId,
  customerEmail: email,
  memo: oneLine(500),
  lines: z.array(confirmLine).min(1).max(100),
  currency: currency.optional(),
});

/** Header names are lower-cased by the HTTP layer. */
export const idempotencyKeyOf = (headers: Readonly<Record<string, string>>): string | undefined => {
  const key = headers['idempotency-key'];
  return key === undefined || key === '' ? undefined : key;
};
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

export const listOrdersQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  ...pageFields,
});

const tag = 'orders';
const fn = 'orders-api' as const;
const oneOrder = (description: string) => ({ description, body: orderView, example: orderExample });
const confirmExample = {
  messageId: orderExample.messageId, customerEmail: orderExample.customerEmail, memo: orderExample.memo, currency: 'USD',
  lines: [{ productId: '01JDQ3P2R4S6T8V0W2X4Y6Z8A0', sku: 'W-L-BLK', description: 'Large Black Widget', quantity: 5, unitAmount: 1799 }],
};

export const draftOrderOp = contract({
  operationId: 'draftOrder', method: 'POST', path: '/messages/{id}/draft-order', fn, tag, successStatus: 200,
  summary: 'Draft order lines from an inbound customer mail (nothing is stored)', params: messageParams,
  description: 'Reads order lines from the mail against the active catalog and applies the contact\'s `wholesale_discount_pct`. Outbound, automated or already ordered mail is 409 `not-convertible`.',
  rateLimit: { perMinute: 60 }, problems: ['not-found', 'not-convertible'],
  responses: { 200: { description: 'The draft, for a person to review and confirm', body: draftView, example: draftExample } },
});
export const confirmOrderOp = contract({
  operationId: 'confirmOrder', method: 'POST', path: '/orders', fn, tag, body: confirmOrderBody, requestHeaders: ['idempotency-key'],
  summary: 'Confirm a draft: create the order, its checkout link and the payment email, exactly once (Idempotency-Key optional)',
  description: 'The order id derives from the Space, the message and the Idempotency-Key, so a retry returns the same order (200) and never a second checkout session or email. The same key with another body is 409 `idempotency-key-reused`; a step that failed (502 `order-step-failed`) is finished by retrying the same request.',
  requestExample: confirmExample,
  responses: { 201: { ...oneOrder('The new order'), headers: ['location'] }, 200: { ...oneOrder('The order this request already created (a replay)'), headers: ['location'] } },
  problems: ['not-found', 'not-convertible', 'message-has-order', 'idempotency-key-reused', 'order-step-failed', 'conflict', 'not-chargeable', 'price-mismatch', 'forbidden', 'payment-email-limit', 'contact-pending-review', 'address-complained'],
});
export const listOrdersOp = contract({
  operationId: 'listOrders', method: 'GET', path: '/orders', fn, tag, summary: 'Orders, newest first', query: listOrdersQuery,
  description: '`status` lists the orders in one status, newest first.',
  responses: { 200: { description: 'One page of orders', body: pageOf(orderView), example: { items: [orderExample], nextCursor: null } } },
});
export const getOrderOp = contract({
  operationId: 'getOrder', method: 'GET', path: '/orders/{id}', fn, tag, summary: 'One order with its status history', params: orderParams,
  description: 'The status follows Stripe\'s Checkout Session events; `history` lists every change with its cause.',
  responses: { 200: oneOrder('The order') }, problems: ['not-found'],
});
export const resendLinkOp = contract({
  operationId: 'resendOrderLink', method: 'POST', path: '/orders/{id}/resend-link', fn, tag, params: orderParams, successStatus: 200,
  summary: 'Send the payment link again; an expired order gets a new checkout session',
  description: 'A paid, failed or refunded order has no link to send (409 `order-not-resendable`).',
  responses: { 200: oneOrder('The order with the link that was sent') },
  problems: ['not-found', 'order-not-resendable', 'order-step-failed', 'payment-provider-failed', 'mailer-failed', 'conflict', 'payment-email-cooldown', 'payment-email-limit', 'address-complained'],
});
export const stripeWebhookOp = contract({
  operationId: 'stripeWebhook', method: 'POST', path: '/webhooks/stripe', fn: 'stripe-webhook', tag: 'webhooks', auth: 'none',
  publicBecause: 'Stripe cannot hold our JWT; the handler verifies the Stripe-Signature (300 s tolerance) before reading anything.',
  rawBody: true, body: z.unknown(), successStatus: 200, requestHeaders: ['stripe-signature'],
  summary: 'Stripe events (signed; no JWT). Order state follows Checkout Session events',
  description: 'Called by Stripe, not by clients. Every verified event is answered 200 with what it did to its order (`outcome`), so Stripe stops retrying; a bad signature is 400 before any read.',
  requestExample: { id: 'evt_1', object: 'event', type: 'checkout.session.completed', data: { object: { id: 'cs_test_a1b2c3', object: 'checkout.session' } } },
  responses: { 200: { description: 'The event was verified and handled', body: webhookReceiptView, example: { received: true, outcome: 'applied' } } },
  problems: ['invalid-signature', 'mailer-failed', 'payment-provider-failed', 'conflict'],
});

export const orders = [draftOrderOp, confirmOrderOp, listOrdersOp, getOrderOp, resendLinkOp, stripeWebhookOp];
