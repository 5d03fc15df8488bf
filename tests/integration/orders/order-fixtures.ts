import { randomBytes, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { MessageRecord } from '../../../shared/domain/threads/ports.js';
import type { Product } from '../../../shared/domain/products/product.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { createMessageStore } from '../../../shared/store/message-store.js';
import { createS3Blobs } from '../../../shared/adapters/blobs/s3-blobs.js';
import { requireEnv } from '../../../shared/config/config.js';
import { productItem } from '../../../shared/store/product-store.js';
import { auditPartition, spacePrefix, threadKey, threadsIndex } from '../../../shared/store/keys.js';
import { aLambdaContext, anHttpEvent } from '../../support/events.js';
import { startFakeStripe, type FakeStripe } from '../../support/fake-stripe.js';
import { useLocalStackEnv, type ProvidedStack } from '../../support/local-stack.js';
import { CLAIMS } from '../../../shared/config/names.js';

export const WEBHOOK_SECRET = 'whsec_orders_integration';

/**
 * Runs the order handlers in this worker against the local stack's DynamoDB and SES, with Stripe
 * replaced by the HTTP fake (so its call log counts sessions). Call once in beforeAll, before the
 * handlers are first imported.
 */
export async function startOrderHarness(): Promise<{ stack: ProvidedStack; stripe: FakeStripe }> {
  const stack = useLocalStackEnv();
  const stripe = await startFakeStripe();
  Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_API_BASE: stripe.url, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
  return { stack, stripe };
}

export type Reply = APIGatewayProxyStructuredResultV2 & { json: Record<string, unknown> };
type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResultV2>;

/** The Lambda context with the function's real timeout (orders-api 29 s), not the 10 s test default. */
const contextFor = (timeoutMs: number) => ({ ...aLambdaContext(), getRemainingTimeInMillis: () => timeoutMs });

const asReply = (r: APIGatewayProxyResultV2): Reply => {
  const s = r as APIGatewayProxyStructuredResultV2;
  return { ...s, json: s.body ? (JSON.parse(s.body) as Record<string, unknown>) : {} };
};

type CallInit = { body?: unknown; headers?: Record<string, string>; pathParameters?: Record<string, string>; queryStringParameters?: Record<string, string>; role?: 'staff' | 'admin' };

/** Calls a route of the orders-api handler as API Gateway would (payload v2, JWT claims); staff-1 unless `role: 'admin'` (admin-1). */
export async function callOrders(spaceId: string, routeKey: string, init: CallInit = {}): Promise<Reply> {
  const { handler } = (await import('../../../functions/orders-api.js')) as unknown as { handler: Handler };
  const { role = 'staff', ...rest } = init;
  const event = anHttpEvent({ routeKey, ...rest, claims: { sub: `${role}-1`, [CLAIMS.space]: spaceId, [CLAIMS.role]: role } });
  return asReply(await handler(event, contextFor(29_000)));
}

/** Creates a contact through the contacts-api handler (as an admin of the Space). */
export async function addContact(spaceId: string, body: Record<string, unknown>): Promise<Reply> {
  const { handler } = (await import('../../../functions/contacts-api.js')) as unknown as { handler: Handler };
  const event = anHttpEvent({ routeKey: 'POST /contacts', body, claims: { sub: 'admin-1', [CLAIMS.space]: spaceId, [CLAIMS.role]: 'admin' } });
  return asReply(await handler(event, contextFor(15_000)));
}

/** Posts a raw body to the webhook handler, optionally base64-encoded as HTTP API may send it. */
export async function callWebhook(rawBody: string, signature: string | undefined, base64 = false): Promise<Reply> {
  const { handler } = (await import('../../../functions/stripe-webhook.js')) as unknown as { handler: Handler };
  const event = {
    ...anHttpEvent({ routeKey: 'POST /webhooks/stripe', rawBody, headers: signature ? { 'stripe-signature': signature } : {} }),
    ...(base64 ? { body: Buffer.from(rawBody, 'utf8').toString('base64'), isBase64Encoded: true } : {}),
  };
  return asReply(await handler(event, contextFor(15_000)));
}

export const sign = (payload: string, secret = WEBHOOK_SECRET, timestamp = Math.floor(Date.now() / 1000)) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

/** A Stripe event body for an order's session. */
export const sessionEventBody = (type: string, o: { id: string; spaceId: string; sessionId: string; total: number; currency: string }, overrides: Record<string, unknown> = {}, id = `evt_${randomUUID()}`) =>
  JSON.stringify({
    id, object: 'event', type, created: Math.floor(Date.now() / 1000),
    data: { object: { id: o.sessionId, object: 'checkout.session', amount_total: o.total, currency: o.currency.toLowerCase(), payment_status: 'paid', metadata: { spaceId: o.spaceId, orderId: o.id }, ...overrides } },
  });

/** The seeded product's id: a ULID, like every product id. */
export const WIDGET_ID = '01JDQ3P2R4S6T8V0W2X4Y6Z8A0';
const hex32 = (): string => randomBytes(16).toString('hex');

/** One more inbound customer mail, on a thread of its own, in the Space (ids in their real formats). */
export async function addMessage(spaceId: string, customer: string, options: { text?: string; subject?: string } = {}) {
  const t = defaultTable();
  const now = new Date().toISOString();
  const messageId = hex32();
  const threadId = hex32();
  const record: MessageRecord = {
    spaceId, id: messageId, messageId: `<${messageId}@customer.example>`, threadId, mailboxId: 'mbx-1', direction: 'inbound',
    from: { address: customer, name: 'Buyer' }, to: [{ address: 'sales@shop.example' }], cc: [], replyTo: [],
    subject: options.subject ?? 'Order', date: now, snippet: 'bill me', text: options.text ?? 'Hi, bill me for 5 Large Black Widgets please.',
    hasHtml: false, attachments: [], parseStatus: 'parsed', contactIds: [], companyIds: [], rawKey: `raw/${messageId}`,
    folderRole: 'inbox', createdAt: now, parsedKey: `parsed/${messageId}`, contentSha256: randomUUID(), participants: [customer],
  };
  await t.client.send(new PutCommand({ TableName: t.table, Item: {
    ...threadKey(spaceId, threadId), ...threadsIndex(spaceId, now, threadId), entity: 'thread', v: 1, id: threadId, subject: record.subject,
    lastMessageAt: now, messageCount: 1, messageIds: new Set([messageId]), participants: new Set(record.participants), lastSnippet: record.snippet,
  } }));
  await createMessageStore(t).createMessage(record);
  // The message item keeps no text: readers take it from the parsed blob, as the pipeline stores it.
  await createS3Blobs(requireEnv('mailBucket')).put(record.parsedKey!, JSON.stringify({ mail: { text: record.text } }), 'application/json');
  return { messageId, threadId };
}

/** A fresh Space with one product and one inbound customer mail on a thread. */
export async function seedSpace(options: { text?: string; subject?: string; unitAmount?: number; currency?: string } = {}) {
  const t = defaultTable();
  const spaceId = `s${randomUUID().slice(0, 8)}`;
  const now = new Date().toISOString();
  const product: Product = {
    id: WIDGET_ID, spaceId, sku: 'W-L-BLK', name: 'Large Black Widget', aliases: [], unitAmount: options.unitAmount ?? 1250,
    currency: options.currency ?? 'USD', active: true, createdAt: now, updatedAt: now, version: 1,
  };
  await t.client.send(new PutCommand({ TableName: t.table, Item: productItem(product) }));
  const customer = `buyer-${spaceId}@customer.example`;
  const { messageId, threadId } = await addMessage(spaceId, customer, options);
  return { spaceId, messageId, threadId, product, customer };
}

export const confirmBody = (seed: { messageId: string; customer: string }, overrides: Record<string, unknown> = {}) => ({
  messageId: seed.messageId, customerEmail: seed.customer, memo: 'Widgets for the shop',
  lines: [{ productId: WIDGET_ID, sku: 'W-L-BLK', description: 'Large Black Widget', quantity: 5, unitAmount: 1250 }],
  ...overrides,
});

/** Mails in the SES emulator sent to `to`. */
export async function sesMailsTo(stack: ProvidedStack, to: string): Promise<{ subject: string; body: { text?: string; html?: string }; destination: { to: string[] } }[]> {
  const out = (await (await fetch(`${stack.endpoints.ses}/store`)).json()) as { emails: { subject: string; body: { text?: string; html?: string }; destination: { to: string[] } }[] };
  return out.emails.filter((e) => e.destination.to.includes(to));
}

/** A confirmed order in a fresh Space, with what events need to reference it. */
export async function aConfirmedOrder(options: Parameters<typeof seedSpace>[0] = {}) {
  const seed = await seedSpace(options);
  const reply = await callOrders(seed.spaceId, 'POST /orders', { body: confirmBody(seed) });
  if (reply.statusCode !== 201) throw new Error(`confirm failed: ${reply.statusCode} ${reply.body}`);
  const j = reply.json;
  return { ...seed, order: { id: String(j.id), spaceId: seed.spaceId, sessionId: String(j.checkoutSessionId), total: Number(j.total), currency: String(j.currency) } };
}

/** The order's audit rows and Stripe event markers as stored. */
export async function orderTrail(spaceId: string, orderId: string) {
  const t = defaultTable();
  const audit = await t.client.send(new QueryCommand({
    TableName: t.table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': auditPartition(spaceId, 'order', orderId) },
  }));
  const markers = await t.client.send(new QueryCommand({
    TableName: t.table, KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)', ExpressionAttributeValues: { ':p': spacePrefix(spaceId), ':m': 'stripe-event#' },
  }));
  return { audit: (audit.Items ?? []) as { action: string; details?: Record<string, unknown> }[], markers: (markers.Items ?? []) as { expiresAt: number }[] };
}

export async function storedOrder(spaceId: string, orderId: string) {
  return (await callOrders(spaceId, 'GET /orders/{id}', { pathParameters: { id: orderId } })).json;
}
