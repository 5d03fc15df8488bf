import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../domain/errors.js';
import type { CheckoutRequest, CheckoutSession, Payments } from '../../domain/orders/ports.js';
import type { TableRef } from '../../store/dynamo.js';
import { localCheckoutKey } from '../../store/keys.js';

/** How long a local session stays open (Stripe's default is 24 h). */
const SESSION_HOURS = 24;

/** A local session as stored for the local checkout page. */
export interface LocalCheckoutSession extends CheckoutSession {
  readonly spaceId: string;
  readonly orderId: string;
  readonly currency: string;
  readonly amountTotal: number;
  readonly customerEmail: string;
  readonly lines: CheckoutRequest['lines'];
  readonly successUrl: string;
  readonly cancelUrl: string;
}

/** Session ids carry their Space (hex) so the page can find the item under a Space-first key. */
export const localSessionIdFor = (spaceId: string, idempotencyKey: string): string =>
  `cs_local_${createHash('sha256').update(`${spaceId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}_${Buffer.from(spaceId).toString('hex')}`;

/** The Space of a local session id, or undefined when it is not one. */
export const spaceOfLocalSession = (sessionId: string): string | undefined => {
  const match = /^cs_local_[0-9a-f]{24}_((?:[0-9a-f]{2}){1,64})$/.exec(sessionId);
  return match ? Buffer.from(match[1]!, 'hex').toString('utf8') : undefined;
};

const fromItem = (item: Record<string, unknown>): LocalCheckoutSession => {
  const { pk: _p, sk: _s, entity: _e, v: _v, ...rest } = item;
  return rest as unknown as LocalCheckoutSession;
};

/**
 * The stand-in for Stripe Checkout without STRIPE_SECRET_KEY: sessions are table items and the URL
 * opens the local checkout page, whose buttons post signed events to the real webhook.
 */
export function createLocalPayments(t: TableRef, publicBaseUrl: string, now: () => Date = () => new Date()): Payments & { getLocalSession(sessionId: string): Promise<LocalCheckoutSession> } {
  const getLocalSession = async (sessionId: string): Promise<LocalCheckoutSession> => {
    const spaceId = spaceOfLocalSession(sessionId);
    if (!spaceId) throw new NotFoundError('checkout session', sessionId);
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: localCheckoutKey(spaceId, sessionId), ConsistentRead: true }));
    if (!out.Item) throw new NotFoundError('checkout session', sessionId);
    return fromItem(out.Item);
  };
  return {
    // The local page is no payment network: it takes any currency and amount in ISO units.
    chargeIssues: () => [],
    getLocalSession,
    getCheckout: getLocalSession,
    async createCheckout(r) {
      const sessionId = localSessionIdFor(r.spaceId, r.idempotencyKey);
      const session: LocalCheckoutSession = {
        sessionId, url: `${publicBaseUrl.replace(/\/$/, '')}/local/checkout/${sessionId}`,
        expiresAt: new Date(now().getTime() + SESSION_HOURS * 3600_000).toISOString(), status: 'open',
        spaceId: r.spaceId, orderId: r.orderId, currency: r.currency,
        amountTotal: r.lines.reduce((sum, l) => sum + l.unitAmount * l.quantity, 0),
        customerEmail: r.customerEmail, lines: r.lines, successUrl: r.successUrl, cancelUrl: r.cancelUrl,
      };
      try {
        await t.client.send(new PutCommand({
          TableName: t.table, Item: { ...localCheckoutKey(r.spaceId, sessionId), entity: 'checkout-session', v: 1, ...session },
          ConditionExpression: 'attribute_not_exists(pk)',
        }));
        return session;
      } catch (err) {
        if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
        return getLocalSession(sessionId);
      }
    },
  };
}
