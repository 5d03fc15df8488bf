import * as z from 'zod';
import type { MatchKind } from '../../domain/orders/match-evidence.js';
import type { OrderStatus, OrderStep } from '../../domain/orders/order.js';
import { isoTime, messageId, orderId, productId, threadId } from './common.js';

/** The response views of the orders API (toOrderView, DraftOrder) and the webhook's answer. */
export const ORDER_STATUSES = ['awaiting_payment', 'paid', 'payment_failed', 'expired', 'refunded', 'cancelled'] as const satisfies readonly OrderStatus[];
const ORDER_STEPS = ['checkout', 'email', 'linked', 'receipt'] as const satisfies readonly OrderStep[];
const currency = z.string().regex(/^[A-Z]{3}$/).meta({ description: 'ISO 4217, upper-case' });
const minor = z.number().int().min(0).meta({ description: 'Minor units of the currency (cents)' });
const MATCH_KINDS = ['sku', 'alias', 'name_tokens', 'fuzzy'] as const satisfies readonly MatchKind[];

export const draftView = z.object({
  customerEmail: z.string(),
  memo: z.string(),
  currency: currency.nullable().meta({ description: 'The currency of the first priced line; null when no line could be priced' }),
  lines: z.array(z.object({
    productId, sku: z.string(), description: z.string(), quantity: z.number().int().min(1),
    unitAmount: minor.meta({ description: 'Catalog price less the contact\'s wholesale discount, rounded half to even' }),
    confidence: z.number().min(0).max(1), warnings: z.array(z.string()),
    source: z.object({ text: z.string(), start: z.number().int(), end: z.number().int() })
      .meta({ description: 'The words the line was read from: offsets into the part named by `readFrom` (-1 when read from the subject)' }),
    match: z.enum(MATCH_KINDS).meta({ description: 'Why the words name the product: its SKU, an alias, its name words in any order, or a corrected typo' }),
  })),
  warnings: z.array(z.string()),
  total: minor,
  readFrom: z.enum(['text', 'html']).meta({ description: 'The part of the mail the lines were read from: its text part, or its HTML part as text' }),
}).meta({ id: 'DraftOrder' });

export const orderView = z.object({
  id: orderId,
  status: z.enum(ORDER_STATUSES),
  channel: z.enum(['crm_email', 'crm_opportunity']).meta({ description: 'crm_email: confirmed from a mail; crm_opportunity: from a won opportunity\'s quotation' }),
  messageId: messageId.nullable(), threadId: threadId.nullable(),
  opportunityId: z.string().nullable(),
  customerEmail: z.string(),
  contactId: z.string().nullable(),
  companyId: z.string().nullable(),
  memo: z.string(),
  currency,
  lines: z.array(z.object({
    productId: productId.optional(), sku: z.string().optional(), description: z.string(), quantity: z.number().int().min(1),
    unitAmount: minor, amount: minor,
    priceOverride: z.object({
      reason: z.string(), by: z.string().meta({ description: 'The admin who set the price' }), at: isoTime,
      catalogUnitAmount: minor.optional().meta({ description: 'The catalog price after the discount that the override replaced' }),
    }).optional().meta({ description: 'Set when an admin priced the line instead of the catalog' }),
  })),
  total: minor,
  discountPct: z.number().min(0).max(100).optional().meta({ description: 'The contact\'s wholesale discount applied to catalog prices' }),
  checkoutUrl: z.string().optional().meta({ format: 'uri', description: 'The payment link of the current checkout session' }),
  checkoutSessionId: z.string().optional(),
  checkoutExpiresAt: isoTime.optional(),
  steps: z.object(Object.fromEntries(ORDER_STEPS.map((s) => [s, isoTime.optional()])) as Record<(typeof ORDER_STEPS)[number], z.ZodOptional<typeof isoTime>>)
    .meta({ description: 'When each side effect of the confirm (and the receipt) was done' }),
  anomalies: z.array(z.object({
    kind: z.string().meta({ description: 'amount-mismatch, currency-mismatch, partial-refund, payment-on-<status>-order, refund-on-<status>-order' }),
    eventId: z.string(), eventType: z.string(), at: isoTime, detail: z.string(),
    resolvedBy: z.object({ eventId: z.string(), eventType: z.string(), at: isoTime }).optional(),
  })).meta({ description: 'What Stripe events told us that did not fit the order, oldest first; a later correct event resolves some (docs/orders.md)' }),
  refunds: z.array(z.object({
    n: z.number().int(), amount: minor, reason: z.string().optional(), note: z.string().optional(), by: z.string(), at: isoTime,
    state: z.enum(['sending', 'accepted', 'failed']), refundId: z.string().optional(), providerStatus: z.string().optional(), failure: z.string().optional(),
  })).meta({ description: 'Refunds asked for through POST /orders/{id}/refund, oldest first' }),
  mailProblems: z.array(z.object({
    type: z.enum(['bounce', 'complaint']), mail: z.enum(['payment', 'receipt']), messageId: z.string(), recipient: z.string(),
    status: z.string().optional().meta({ description: 'RFC 3463 status of a bounce (5.1.1), or the complaint feedback type' }),
    at: isoTime, via: z.enum(['dsn', 'ses']).meta({ description: '`dsn`: a bounce mail synced from the mailbox; `ses`: an SES notification' }),
  })).meta({ description: 'Payment emails and receipts that bounced permanently or that the customer marked as spam, oldest first (docs/orders.md)' }),
  flag: z.object({ reason: z.string(), eventId: z.string(), at: isoTime }).optional()
    .meta({ description: 'The newest open anomaly, if any; never paid automatically' }),
  history: z.array(z.object({ status: z.enum(ORDER_STATUSES), at: isoTime, cause: z.string().meta({ description: 'The Stripe event id, `confirm` or `resend-link`' }) })),
  createdAt: isoTime,
}).meta({ id: 'Order' });

export const WEBHOOK_OUTCOMES = ['unhandled', 'acknowledged', 'unknown-order', 'superseded', 'no-transition', 'applied', 'flagged', 'duplicate'] as const;
export const webhookReceiptView = z.object({ received: z.literal(true), outcome: z.enum(WEBHOOK_OUTCOMES) }).meta({ id: 'WebhookReceipt' });

const at = '2026-11-02T09:15:00.000Z';
const ids = { messageId: '9f2c4e1a7b3d5f608192a3b4c5d6e7f8', threadId: '4b1d9e7c2a8f6e3d0c5b4a3928171605' };
export const draftExample = {
  customerEmail: 'jane.doe@northwind.example', memo: 'Order: 5 Large Black Widgets', currency: 'USD',
  lines: [{ productId: '01JDQ3P2R4S6T8V0W2X4Y6Z8A0', sku: 'W-L-BLK', description: 'Large Black Widget', quantity: 5, unitAmount: 1799, confidence: 0.95, warnings: [],
    source: { text: 'bill me for 5 Large Black Widgets', start: 6, end: 39 }, match: 'name_tokens' }],
  warnings: [], total: 8995, readFrom: 'text',
};
export const orderExample = {
  id: 'ord_3e5f7a9c1b2d4f6e8a0c2e4f6a8b0d2c', status: 'awaiting_payment', channel: 'crm_email', ...ids, opportunityId: null, contactId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5', companyId: null,
  customerEmail: 'jane.doe@northwind.example', memo: 'Order: 5 Large Black Widgets', currency: 'USD',
  lines: [{ productId: '01JDQ3P2R4S6T8V0W2X4Y6Z8A0', sku: 'W-L-BLK', description: 'Large Black Widget', quantity: 5, unitAmount: 1799, amount: 8995 }],
  total: 8995, checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3', checkoutSessionId: 'cs_test_a1b2c3', checkoutExpiresAt: '2026-11-03T09:15:00.000Z',
  steps: { checkout: at, email: at, linked: at }, anomalies: [], refunds: [], mailProblems: [], history: [{ status: 'awaiting_payment', at, cause: 'confirm' }], createdAt: at,
};
