import type { Order } from '../domain/orders/order.js';
import type { OrderAudit } from '../domain/orders/ports.js';
import { auditKey, orderKey, ordersByStatusIndex, ordersIndex } from './keys.js';

/** The order as an item: keys, both list indexes, bookkeeping. */
export const orderItem = (o: Order): Record<string, unknown> => ({
  ...orderKey(o.spaceId, o.id),
  ...ordersIndex(o.spaceId, o.createdAt, o.id),
  ...ordersByStatusIndex(o.spaceId, o.status, o.createdAt, o.id),
  entity: 'order', v: 1, ...o,
});

type LegacyFlag = { reason: string; eventId: string; at: string };

/** Drops keys and internal claims from an item; a legacy single `flag` reads as a one-entry anomaly list. */
export const toOrder = (item: Record<string, unknown>): Order => {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, entity: _e, v: _v, emailClaim: _m, receiptClaim: _r, resendToken: _t, mailProblemKeys: _mp, flag, ...rest } = item;
  const legacy = flag as LegacyFlag | undefined;
  if (!legacy || rest.anomalies) return rest as unknown as Order;
  return { ...rest, anomalies: [{ kind: legacy.reason, eventId: legacy.eventId, eventType: 'unknown', at: legacy.at, detail: 'recorded before anomalies were listed' }] } as unknown as Order;
};

/** An order audit row in the shape of the shared audit trail (shared/store/audit-store.ts). */
export const orderAuditItem = (spaceId: string, orderId: string, a: OrderAudit): Record<string, unknown> => ({
  ...auditKey(spaceId, 'order', orderId, a.at, a.id),
  id: a.id, spaceId, entityId: orderId, action: a.action, userId: a.userId, requestId: a.requestId ?? '', at: a.at,
  ...(a.details ? { details: a.details } : {}),
  entity: 'audit', v: 1, auditedEntity: 'order',
});
