import type { EventChange } from '../domain/orders/ports.js';
import type { TableRef } from './dynamo.js';
import { orderKey, ordersByStatusIndex, paymentIntentKey, stripeEventKey } from './keys.js';
import { itemDoesNotExist, type TxAction, type TxItem } from './transact.js';

/** Sentinels telling which condition of the webhook transaction failed. */
export const markerConflict = { duplicate: new Error('stripe event already processed'), changed: new Error('order changed') } as const;

/**
 * The webhook's one transaction: the event marker (dedupe, TTL), the order's status move and/or anomalies
 * conditioned on its current status and checkout session, the audit row and, when the event names
 * the PaymentIntent, its lookup item.
 */
export function applyEventActions(t: TableRef, spaceId: string, change: EventChange, auditAction: TxAction): TxItem[] {
  const marker: TxItem = {
    action: { Put: {
      TableName: t.table,
      Item: { ...stripeEventKey(spaceId, change.eventId), entity: 'stripe-event', v: 1, orderId: change.orderId, at: change.at, expiresAt: change.markerExpiresAt },
      ConditionExpression: itemDoesNotExist,
    } },
    onConditionFailed: () => markerConflict.duplicate,
  };
  const values: Record<string, unknown> = { ':from': change.from, ':sid': change.sessionId, ':at': change.at };
  const names: Record<string, string> = { '#st': 'status' };
  const sets = ['updatedAt = :at'];
  const removes: string[] = [];
  let condition = 'attribute_exists(pk) AND #st = :from AND checkout.sessionId = :sid';
  if (change.to) {
    sets.push('#st = :to', 'gsi2pk = :g2', 'history = list_append(history, :h)');
    values[':to'] = change.to;
    values[':g2'] = ordersByStatusIndex(spaceId, change.to, '', '').gsi2pk;
    values[':h'] = [{ status: change.to, at: change.at, cause: change.eventId }];
  }
  if (change.anomalies) {
    // The whole list, conditioned on the count read: a concurrent event's anomaly is never lost.
    // An order flagged before anomalies were listed holds one legacy `flag`, which the list replaces.
    const n = change.anomalies.previousCount;
    sets.push('anomalies = :anomalies');
    removes.push('flag');
    values[':anomalies'] = change.anomalies.list;
    if (n === 0) {
      condition += ' AND attribute_not_exists(anomalies) AND attribute_not_exists(flag)';
    } else {
      values[':count'] = n;
      condition += ` AND (size(anomalies) = :count${n === 1 ? ' OR (attribute_not_exists(anomalies) AND attribute_exists(flag))' : ''})`;
    }
  }
  if (change.paymentIntentId) {
    sets.push('paymentIntentId = :pi');
    values[':pi'] = change.paymentIntentId;
  }
  const update = `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`;
  const order: TxItem = {
    action: { Update: {
      TableName: t.table, Key: orderKey(spaceId, change.orderId), UpdateExpression: update,
      ConditionExpression: condition,
      ExpressionAttributeNames: names, ExpressionAttributeValues: values,
    } },
    onConditionFailed: () => markerConflict.changed,
  };
  const lookup: TxItem[] = change.paymentIntentId
    ? [{ action: { Put: { TableName: t.table, Item: { ...paymentIntentKey(spaceId, change.paymentIntentId), entity: 'payment-intent', v: 1, orderId: change.orderId, at: change.at } } } }]
    : [];
  return [marker, order, { action: auditAction }, ...lookup];
}
