import type { LoggedActivity } from '../activities/activity.js';
import type { Order, OrderStatus } from '../orders/order.js';
import type { ActivityEntry } from '../threads/ports.js';
import type { CustomerEvent, StatsOwner } from './customer-stats.js';
import type { CustomerEventRecord } from './record-customer-event.js';

/** Logged types that are an interaction with the customer (notes and tasks are staff's own work). */
export const INTERACTION_TYPES: ReadonlySet<LoggedActivity['type']> = new Set(['meeting', 'call', 'email', 'visit']);

const ownersOf = (contactIds: readonly string[], companyIds: readonly string[]): StatsOwner[] => [
  ...contactIds.map((id) => ({ kind: 'contact' as const, id })), ...companyIds.map((id) => ({ kind: 'company' as const, id })),
];

/** A synced mail is an interaction with its contacts and companies, unless it is automated (bounce, auto-reply, bulk). */
export function mailEvent(spaceId: string, owners: readonly StatsOwner[], entry: Pick<ActivityEntry, 'messageId' | 'date' | 'automated'>): CustomerEventRecord | undefined {
  if (entry.automated || owners.length === 0) return undefined;
  return { spaceId, eventId: `msg#${entry.messageId}`, owners, event: { kind: 'interaction', at: entry.date }, space: true };
}

/** A logged activity counts once it has happened as of its last save (a meeting logged ahead counts when saved after it). */
const counts = (a: LoggedActivity): boolean => INTERACTION_TYPES.has(a.type) && a.at <= a.updatedAt;

/**
 * What saving an activity changes: the old version's interaction taken out and the new one put in
 * (time or customers may have moved). `after` absent = deleted. Event ids name the version, so a
 * retried save counts once.
 */
export function activityEvents(before: LoggedActivity | undefined, after: LoggedActivity | undefined): CustomerEventRecord[] {
  const out: CustomerEventRecord[] = [];
  const id = (before ?? after)!.id;
  const spaceId = (before ?? after)!.spaceId;
  const next = after?.version ?? `deleted`;
  if (before && counts(before)) {
    out.push({ spaceId, eventId: `act#${id}#${before.version}-out#${next}`, owners: ownersOf(before.contactIds, before.companyIds), event: { kind: 'interaction', at: before.at, delta: -1 }, space: true });
  }
  if (after && counts(after)) {
    out.push({ spaceId, eventId: `act#${id}#${after.version}-in`, owners: ownersOf(after.contactIds, after.companyIds), event: { kind: 'interaction', at: after.at }, space: true });
  }
  return out;
}

/** What an order's move from `from` to `to` means for its customer; `cause` makes the id unique (a Stripe event id, `created`, `cancel`). */
export function orderMoveEvent(order: Pick<Order, 'spaceId' | 'id' | 'contactId' | 'companyId' | 'total' | 'currency'>, from: OrderStatus | undefined, to: OrderStatus, at: string, cause: string): CustomerEventRecord | undefined {
  const wasOpen = from === 'awaiting_payment';
  let event: CustomerEvent | undefined;
  if (to === 'awaiting_payment') event = { kind: 'order-opened', at };
  else if (to === 'paid') event = { kind: 'order-paid', at, amount: order.total, currency: order.currency, wasOpen };
  else if (to === 'expired' || to === 'cancelled' || to === 'payment_failed') event = { kind: 'order-lost', at, wasOpen };
  else if (to === 'refunded') event = { kind: 'order-refunded', at };
  if (!event) return undefined;
  return { spaceId: order.spaceId, eventId: `ord#${order.id}#${to}#${cause}`, owners: ownersOf(order.contactId ? [order.contactId] : [], order.companyId ? [order.companyId] : []), event, space: true };
}
