import type { Order, OrderAnomaly, OrderStatus } from './order.js';
import type { PaymentEventFacts } from './order-status.js';

const MISMATCHES = new Set(['amount-mismatch', 'currency-mismatch']);
const REFUND_ANOMALIES = new Set([...MISMATCHES, 'partial-refund']);

/**
 * Which open anomalies a move resolves: a correct payment of the current session (the move to paid)
 * resolves the amount and currency mismatches of earlier session events; a full refund (the move
 * to refunded) resolves the partial refunds and refund mismatches before it. A payment or refund
 * on an order in the wrong state (`payment-on-expired-order`, `refund-on-…`) is money nobody
 * expected: nothing resolves it automatically; a person must look.
 */
const resolves = (to: OrderStatus, anomaly: OrderAnomaly): boolean =>
  (to === 'paid' && MISMATCHES.has(anomaly.kind) && anomaly.eventType.startsWith('checkout.session.'))
  || (to === 'refunded' && REFUND_ANOMALIES.has(anomaly.kind) && anomaly.eventType === 'charge.refunded');

/** A person-readable account of what differed (minor units of the order currency). */
function detailOf(kind: string, order: Pick<Order, 'status' | 'total' | 'currency'>, facts: PaymentEventFacts): string {
  const amount = (v: number | undefined) => (v === undefined ? 'no amount' : Number.isNaN(v) ? 'an amount with no exact value in the currency' : String(v));
  switch (kind) {
    case 'amount-mismatch':
      return `${facts.type} reported ${amount(facts.type === 'charge.refunded' ? facts.amountRefunded : facts.amountTotal)}; the order total is ${order.total} ${order.currency}`;
    case 'currency-mismatch':
      return `${facts.type} reported currency ${facts.currency?.toUpperCase() ?? 'none'}; the order is in ${order.currency}`;
    case 'partial-refund':
      return `${amount(facts.amountRefunded)} of ${order.total} ${order.currency} refunded; the order stays paid`;
    default:
      return `${facts.type} arrived while the order was ${order.status}`;
  }
}

/** The anomaly an event raises on the order. */
export const anomalyOf = (kind: string, order: Pick<Order, 'status' | 'total' | 'currency'>, facts: PaymentEventFacts, eventId: string, at: string): OrderAnomaly =>
  ({ kind, eventId, eventType: facts.type, at, detail: detailOf(kind, order, facts) });

/** The anomalies after a move to `to`: the ones it resolves carry the event; `resolved` lists their kinds. */
export function resolveAnomalies(anomalies: readonly OrderAnomaly[], to: OrderStatus, event: { id: string; type: string }, at: string):
  { anomalies: OrderAnomaly[]; resolved: string[] } {
  const resolved: string[] = [];
  const next = anomalies.map((a) => {
    if (a.resolvedBy || !resolves(to, a)) return a;
    resolved.push(a.kind);
    return { ...a, resolvedBy: { eventId: event.id, eventType: event.type, at } };
  });
  return { anomalies: next, resolved };
}
