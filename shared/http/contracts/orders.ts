import { z } from 'zod';
import { isCurrency } from '../../domain/money/currencies.js';
import { isHeaderSafe, isSinglePlainAddress } from '../../adapters/mailer/mime-safe.js';
import { contract } from '../contract.js';

const ID = /^[A-Za-z0-9_.:=+-]{1,200}$/;
/** Text that may end up in a mail header or a provider field: one line, no control characters (A9). */
const oneLine = (max: number) => z.string().max(max).refine(isHeaderSafe, 'must be one line without control characters');
const email = z.string().trim().max(254).refine(isSinglePlainAddress, 'must be exactly one plain email address (name@example.com)');
const currency = z.string().transform((c) => c.toUpperCase()).refine(isCurrency, 'is not a supported ISO 4217 currency');

export const messageParams = z.strictObject({ id: z.string().regex(ID, 'is not a message id') });
export const orderParams = z.strictObject({ id: z.string().regex(/^ord_[0-9a-f]{32}$/, 'is not an order id') });

export const confirmLine = z.strictObject({
  productId: z.string().regex(ID).optional(),
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
  messageId: z.string().regex(ID, 'is not a message id'),
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

export const ORDER_STATUSES = ['awaiting_payment', 'paid', 'payment_failed', 'expired', 'refunded', 'cancelled'] as const;
export const listOrdersQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).optional(),
  cursor: z.string().max(4096).optional(),
});

const tag = 'orders';
const fn = 'orders-api' as const;
export const draftOrderOp = contract({
  operationId: 'draftOrder', method: 'POST', path: '/messages/{id}/draft-order', fn, tag, successStatus: 200,
  summary: 'Draft order lines from an inbound customer mail (nothing is stored)', params: messageParams,
  rateLimit: { perMinute: 60 },
});
export const confirmOrderOp = contract({
  operationId: 'confirmOrder', method: 'POST', path: '/orders', fn, tag, body: confirmOrderBody,
  summary: 'Confirm a draft: create the order, its checkout link and the payment email, exactly once (Idempotency-Key optional)',
});
export const listOrdersOp = contract({ operationId: 'listOrders', method: 'GET', path: '/orders', fn, tag, summary: 'Orders, newest first', query: listOrdersQuery });
export const getOrderOp = contract({ operationId: 'getOrder', method: 'GET', path: '/orders/{id}', fn, tag, summary: 'One order with its status history', params: orderParams });
export const resendLinkOp = contract({
  operationId: 'resendOrderLink', method: 'POST', path: '/orders/{id}/resend-link', fn, tag, params: orderParams, successStatus: 200,
  summary: 'Send the payment link again; an expired order gets a new checkout session',
});
export const stripeWebhookOp = contract({
  operationId: 'stripeWebhook', method: 'POST', path: '/webhooks/stripe', fn: 'stripe-webhook', tag: 'webhooks', auth: 'none',
  rawBody: true, body: z.unknown(), successStatus: 200,
  summary: 'Stripe events (signed; no JWT). Order state follows Checkout Session events',
});

export const orders = [draftOrderOp, confirmOrderOp, listOrdersOp, getOrderOp, resendLinkOp, stripeWebhookOp];
