import type { Log } from '../../observability/logger.js';
import { ConflictError } from '../errors.js';
import type { Order } from './order.js';
import { anomalyOf, resolveAnomalies } from './order-anomalies.js';
import { HANDLED_EVENT_TYPES, nextStatus, targetOf, type PaymentEventFacts, type StatusDecision } from './order-status.js';
import type { OrderMailDeps } from './order-mail.js';
import type { EventChange, OrderRuntime, OrderStore, PaymentIntents, ProviderAmounts } from './ports.js';
import { ensureReceiptSent } from './receipt-email.js';

/** A verified Stripe event, reduced to the fields the order flow reads (no SDK types here). */
export interface PaymentEvent {
  readonly id: string;
  readonly type: string;
  readonly data: { readonly object: Record<string, unknown> };
}

export type WebhookOutcome = 'unhandled' | 'acknowledged' | 'unknown-order' | 'superseded' | 'no-transition' | 'applied' | 'flagged' | 'duplicate';

/** Event markers outlive Stripe's 3 days of retries by far (S7). */
export const EVENT_MARKER_TTL_SECONDS = 35 * 24 * 3600;
const MAX_RACES = 8;
/** Random spread between races, so deliveries that collided do not collide again in step. */
const backoff = (race: number) => new Promise<void>((resolve) => setTimeout(resolve, 5 * (race + 1) + Math.floor(Math.random() * 20)));

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Checkout Session events and charge.refunded can move an order; payment_intent and charge successes carry no session and are acknowledged. */
const ACKNOWLEDGED = new Set(['payment_intent.succeeded', 'charge.succeeded']);

/**
 * Reads the order reference and the payment facts from an event's object. Amounts come in the
 * provider's unit and are read as ISO minor units, the unit of the order's total; one with no exact
 * ISO value becomes NaN, which never equals a total.
 */
export function factsOf(event: PaymentEvent, amounts: ProviderAmounts): { spaceId?: string; orderId?: string; facts: PaymentEventFacts } {
  const o = event.data.object;
  const meta = (o.metadata ?? {}) as Record<string, unknown>;
  const isSession = event.type.startsWith('checkout.session.');
  const currency = str(o.currency);
  const iso = (v: unknown): number | undefined => {
    const amount = num(v);
    if (amount === undefined) return undefined;
    return (currency === undefined ? undefined : amounts.toMinorUnits(amount, currency)) ?? Number.NaN;
  };
  const facts: PaymentEventFacts = {
    type: event.type,
    ...(isSession && str(o.id) ? { sessionId: str(o.id) } : {}),
    ...(str(o.payment_status) ? { paymentStatus: str(o.payment_status) } : {}),
    ...(iso(o.amount_total) !== undefined ? { amountTotal: iso(o.amount_total) } : {}),
    ...(currency ? { currency } : {}),
    ...(iso(o.amount_refunded) !== undefined ? { amountRefunded: iso(o.amount_refunded) } : {}),
    ...(str(o.payment_intent) ? { paymentIntentId: str(o.payment_intent) } : {}),
  };
  return { spaceId: str(meta.spaceId), orderId: str(meta.orderId), facts };
}

export interface StripeEventDeps {
  readonly orders: OrderStore;
  readonly runtime: OrderRuntime;
  /** Reads the provider's amounts in ISO minor units before they are compared with the order. */
  readonly amounts: ProviderAmounts;
  /** Sends the receipt (tagged for replies) when an order is paid; without it no receipt is sent. */
  readonly receipts?: Omit<OrderMailDeps, 'runtime'>;
  /** Finds the order of a charge without our metadata (real Stripe charges carry none). */
  readonly intents?: PaymentIntents;
  /** Runs right after the transaction commits (the S7 fault point: a throw here is a crash before the 2xx). */
  readonly afterCommit?: (eventId: string) => void | Promise<void>;
  readonly log?: Log;
}

/** Outcomes after which a paid order may still owe its receipt (a redelivery after a crash finishes it). */
const RECEIPT_OUTCOMES = new Set<WebhookOutcome>(['applied', 'duplicate', 'no-transition']);

/**
 * Applies one verified event to its order exactly once: a marker per event id and a status move
 * conditioned on the current status and session, in one transaction. Duplicates, late events for a
 * superseded session and moves the state machine refuses change nothing. A payment whose amount or
 * currency differs from the order adds an anomaly instead of marking it paid; every such event adds
 * its own, and a later correct event resolves what it sets right (order-anomalies.ts). A paid
 * order then gets its receipt once, whichever delivery gets there first.
 * @throws ConflictError when other deliveries kept changing the order (the 409 makes Stripe retry)
 */
export async function handleStripeEvent(deps: StripeEventDeps, event: PaymentEvent): Promise<WebhookOutcome> {
  if (ACKNOWLEDGED.has(event.type)) return 'acknowledged';
  if (!(HANDLED_EVENT_TYPES as readonly string[]).includes(event.type)) return 'unhandled';
  const { spaceId, orderId, facts } = await orderRefOf(deps, event);
  if (!spaceId || !orderId) return 'unknown-order';
  const outcome = await applyOnce(deps, event, spaceId, orderId, facts);
  if (outcome === 'applied') await deps.afterCommit?.(event.id);
  if (deps.receipts && RECEIPT_OUTCOMES.has(outcome) && targetOf(facts) === 'paid') {
    if (await ensureReceiptSent({ ...deps.receipts, orders: deps.orders, runtime: deps.runtime }, spaceId, orderId)) {
      deps.log?.info('receipt sent', { orderId, eventType: event.type });
    }
  }
  return outcome;
}

/** Metadata first; a charge without it is traced through its PaymentIntent's metadata. */
async function orderRefOf(deps: StripeEventDeps, event: PaymentEvent): Promise<ReturnType<typeof factsOf>> {
  const ref = factsOf(event, deps.amounts);
  const pi = ref.facts.paymentIntentId;
  if ((ref.spaceId && ref.orderId) || event.type !== 'charge.refunded' || !pi || !deps.intents) return ref;
  const meta = await deps.intents.metadataOf(pi);
  const spaceId = ref.spaceId ?? str(meta?.spaceId);
  if (!spaceId) return ref;
  const orderId = ref.orderId ?? str(meta?.orderId) ?? (await deps.orders.findByPaymentIntent(spaceId, pi));
  return { ...ref, spaceId, ...(orderId ? { orderId } : {}) };
}

async function applyOnce(deps: StripeEventDeps, event: PaymentEvent, spaceId: string, orderId: string, facts: PaymentEventFacts): Promise<WebhookOutcome> {
  for (let race = 0; race < MAX_RACES; race++) {
    if (race > 0) await backoff(race);
    const order = await deps.orders.getOrder(spaceId, orderId);
    if (!order?.checkout) return 'unknown-order';
    const decision = nextStatus({
      status: order.status, sessionId: order.checkout.sessionId, total: order.total, currency: order.currency,
      ...(order.paymentIntentId ? { paymentIntentId: order.paymentIntentId } : {}),
      refundsRequested: (order.refunds ?? []).filter((r) => r.state !== 'failed').reduce((sum, r) => sum + r.amount, 0),
    }, facts);
    if (decision.kind === 'ignore') return decision.reason === 'superseded-session' ? 'superseded' : 'no-transition';
    const outcome = await deps.orders.applyEvent(spaceId, changeFor(deps.runtime, event, order, decision, facts));
    if (outcome === 'duplicate-event') return 'duplicate';
    if (outcome === 'applied') {
      deps.log?.info(decision.kind === 'flag' ? 'order flagged' : 'order status changed', { orderId: order.id, eventType: event.type, reason: decision.reason });
      return decision.kind === 'flag' ? 'flagged' : 'applied';
    }
  }
  // Never acknowledge an event we could not apply: a non-2xx makes Stripe deliver it again later.
  throw new ConflictError('The order kept changing while this event was applied; retry the delivery', { orderId, eventId: event.id });
}

function changeFor(runtime: OrderRuntime, event: PaymentEvent, order: Order, decision: Exclude<StatusDecision, { kind: 'ignore' }>, facts: PaymentEventFacts): EventChange {
  const now = runtime.now();
  const at = now.toISOString();
  const before = order.anomalies ?? [];
  const base = {
    orderId: order.id, eventId: event.id, sessionId: order.checkout!.sessionId, from: order.status, at,
    markerExpiresAt: Math.floor(now.getTime() / 1000) + EVENT_MARKER_TTL_SECONDS,
  };
  const audit = { id: runtime.newId(), at, userId: 'stripe', requestId: event.id };
  if (decision.kind === 'flag') {
    return {
      ...base, anomalies: { list: [...before, anomalyOf(decision.reason, order, facts, event.id, at)], previousCount: before.length },
      audit: { ...audit, action: 'flagged', details: { reason: decision.reason, eventType: event.type } },
    };
  }
  const { anomalies, resolved } = resolveAnomalies(before, decision.to, event, at);
  return {
    ...base, to: decision.to,
    ...(resolved.length > 0 ? { anomalies: { list: anomalies, previousCount: before.length } } : {}),
    ...(decision.to === 'paid' && facts.paymentIntentId ? { paymentIntentId: facts.paymentIntentId } : {}),
    audit: { ...audit, action: 'status-changed', details: { from: order.status, to: decision.to, eventType: event.type, ...(resolved.length > 0 ? { resolved } : {}) } },
  };
}
