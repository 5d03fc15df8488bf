import type { OrderAdminStore } from '../domain/orders/order-admin.js';
import type { OrderAudit } from '../domain/orders/ports.js';
import type { TableRef } from './dynamo.js';
import { orderKey, ordersByStatusIndex } from './keys.js';
import { orderAuditItem } from './order-items.js';
import { isConditionFailure, itemDoesNotExist, transact, type TxItem } from './transact.js';

/** Cancel and refund writes on the order item (access-patterns.md "order by id"), each with its audit row. */
export function createOrderAdminStore(t: TableRef): OrderAdminStore {
  const audit = (spaceId: string, id: string, a: OrderAudit): TxItem =>
    ({ action: { Put: { TableName: t.table, Item: orderAuditItem(spaceId, id, a), ConditionExpression: itemDoesNotExist } } });
  /** A transaction whose first item's condition may fail: false then, nothing written. */
  const conditional = async (items: TxItem[]): Promise<boolean> => {
    let lost = false;
    try {
      await transact(t, [{ ...items[0]!, onConditionFailed: () => { lost = true; return new Error('condition'); } }, ...items.slice(1)]);
      return true;
    } catch (err) {
      if (lost || isConditionFailure(err)) return false;
      throw err;
    }
  };
  return {
    markCancelled: (spaceId, order, from, a) => conditional([
      { action: { Update: {
        TableName: t.table, Key: orderKey(spaceId, order.id),
        UpdateExpression: 'SET #s = :c, gsi2pk = :g2pk, gsi2sk = :g2sk, updatedAt = :at, history = list_append(history, :h)',
        ConditionExpression: `#s = :from${order.checkout ? ' AND checkout.sessionId = :sid' : ''}`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':c': 'cancelled', ':from': from, ':at': a.at, ':h': [{ status: 'cancelled', at: a.at, cause: 'cancel' }],
          ...(order.checkout ? { ':sid': order.checkout.sessionId } : {}),
          ...Object.fromEntries(Object.entries(ordersByStatusIndex(spaceId, 'cancelled', order.createdAt, order.id)).map(([k, v]) => [`:${k.replace('gsi', 'g')}`, v])),
        },
      } } },
      audit(spaceId, order.id, a),
    ]),
    claimRefund: (spaceId, orderId, refund, count, a) => conditional([
      { action: { Update: {
        TableName: t.table, Key: orderKey(spaceId, orderId),
        UpdateExpression: 'SET refunds = list_append(if_not_exists(refunds, :empty), :r), updatedAt = :at',
        ConditionExpression: `#s = :paid AND ${count === 0 ? 'attribute_not_exists(refunds)' : 'size(refunds) = :n'}`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':empty': [], ':r': [refund], ':at': a.at, ':paid': 'paid', ...(count === 0 ? {} : { ':n': count }) },
      } } },
      audit(spaceId, orderId, a),
    ]),
    async settleRefund(spaceId, orderId, n, outcome, a) {
      const sets = Object.keys(outcome).map((k) => `refunds[${n}].#${k} = :${k}`);
      try {
        await transact(t, [
          { action: { Update: {
            TableName: t.table, Key: orderKey(spaceId, orderId),
            UpdateExpression: `SET ${sets.join(', ')}, updatedAt = :at`,
            ConditionExpression: `refunds[${n}].#state = :sending`,
            ExpressionAttributeNames: Object.fromEntries(Object.keys({ ...outcome, state: 1 }).map((k) => [`#${k}`, k])),
            ExpressionAttributeValues: { ...Object.fromEntries(Object.entries(outcome).map(([k, v]) => [`:${k}`, v])), ':at': a.at, ':sending': 'sending' },
          } } },
          audit(spaceId, orderId, a),
        ]);
      } catch (err) {
        // Settled by a concurrent retry of the same refund: same provider answer, nothing to add.
        if (!isConditionFailure(err) && (err as { code?: string }).code !== 'conflict') throw err;
      }
    },
  };
}

