import { customerOrderEntries } from './customer-order-items.js';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.js';
import { MessageHasOrderError } from '../domain/orders/order-errors.js';
import type { Order } from '../domain/orders/order.js';
import type { OrderStore } from '../domain/orders/ports.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { orderKey, orderMessageKey, ordersByStatusIndex, ordersIndex, paymentIntentKey } from './keys.js';
import { applyEventActions, markerConflict } from './order-event-actions.js';
import { queryFrom } from './page-through.js';
import { orderAuditItem, orderItem, toOrder } from './order-items.js';
import { isConditionFailure, itemDoesNotExist, transact } from './transact.js';


class OrderExists extends Error {}

/** Orders in the single table (see access-patterns.md). */
export function createOrderStore(t: TableRef = defaultTable()): OrderStore {
  const get = async (spaceId: string, id: string) => {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: orderKey(spaceId, id), ConsistentRead: true }));
    return out.Item ? toOrder(out.Item) : undefined;
  };
  const mustGet = async (spaceId: string, id: string) => {
    const order = await get(spaceId, id);
    if (!order) throw new ConflictError('The order vanished while it was being updated', { orderId: id });
    return order;
  };
  const audit = (spaceId: string, id: string, a: Parameters<OrderStore['markStep']>[3]) =>
    ({ action: { Put: { TableName: t.table, Item: orderAuditItem(spaceId, id, a), ConditionExpression: itemDoesNotExist } } });

  return {
    getOrder: get,

    async createOrder(order, a) {
      try {
        await transact(t, [
          { action: { Put: { TableName: t.table, Item: orderItem(order), ConditionExpression: itemDoesNotExist } }, onConditionFailed: () => new OrderExists() },
          ...(order.messageId === undefined ? [] : [{
            action: { Put: {
              TableName: t.table, Item: { ...orderMessageKey(order.spaceId, order.messageId), entity: 'order-message', v: 1, orderId: order.id },
              ConditionExpression: 'attribute_not_exists(pk) OR orderId = :id', ExpressionAttributeValues: { ':id': order.id },
            } },
            onConditionFailed: (old: Record<string, unknown> | undefined) => new MessageHasOrderError(String(old?.orderId ?? '')),
          }]),
          ...customerOrderEntries(order).map((Item) => ({ action: { Put: { TableName: t.table, Item } } })),
          audit(order.spaceId, order.id, a),
        ]);
        return { created: true, order };
      } catch (err) {
        // Lost the race (or too many racers): the winner's order is what every replay returns.
        if (!(err instanceof OrderExists) && !(err instanceof ConflictError && !(err instanceof MessageHasOrderError))) throw err;
        const existing = await get(order.spaceId, order.id);
        if (!existing) throw err;
        return { created: false, order: existing };
      }
    },

    async recordCheckout(spaceId, id, checkout, a) {
      try {
        await transact(t, [
          { action: { Update: {
            TableName: t.table, Key: orderKey(spaceId, id),
            UpdateExpression: 'SET checkout = :c, steps.checkout = :at, updatedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(checkout) AND checkoutAttempt = :n',
            ExpressionAttributeValues: { ':c': checkout, ':at': a.at, ':n': checkout.attempt },
          } }, onConditionFailed: () => new OrderExists() },
          audit(spaceId, id, a),
        ]);
      } catch (err) {
        if (!(err instanceof OrderExists)) throw err;
      }
      return mustGet(spaceId, id);
    },

    async claimEmail(spaceId, id, claim) {
      try {
        await t.client.send(new UpdateCommand({
          TableName: t.table, Key: orderKey(spaceId, id),
          UpdateExpression: 'SET emailClaim = :c',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(steps.email) AND (attribute_not_exists(emailClaim) OR emailClaim.#at < :stale)',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':c': { token: claim.token, at: claim.at }, ':stale': claim.staleBefore },
        }));
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },

    async releaseEmail(spaceId, id, token) {
      await t.client.send(new UpdateCommand({
        TableName: t.table, Key: orderKey(spaceId, id), UpdateExpression: 'REMOVE emailClaim',
        ConditionExpression: 'emailClaim.#token = :t', ExpressionAttributeNames: { '#token': 'token' }, ExpressionAttributeValues: { ':t': token },
      })).catch((err) => { if (!isConditionFailure(err)) throw err; });
    },

    async claimReceipt(spaceId, id, claim) {
      try {
        await t.client.send(new UpdateCommand({
          TableName: t.table, Key: orderKey(spaceId, id),
          UpdateExpression: 'SET receiptClaim = :c',
          ConditionExpression: 'attribute_exists(pk) AND #st = :paid AND attribute_not_exists(steps.receipt) AND (attribute_not_exists(receiptClaim) OR receiptClaim.#at < :stale)',
          ExpressionAttributeNames: { '#at': 'at', '#st': 'status' },
          ExpressionAttributeValues: { ':c': { token: claim.token, at: claim.at }, ':stale': claim.staleBefore, ':paid': 'paid' },
        }));
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },

    async releaseReceipt(spaceId, id, token) {
      await t.client.send(new UpdateCommand({
        TableName: t.table, Key: orderKey(spaceId, id), UpdateExpression: 'REMOVE receiptClaim',
        ConditionExpression: 'receiptClaim.#token = :t', ExpressionAttributeNames: { '#token': 'token' }, ExpressionAttributeValues: { ':t': token },
      })).catch((err) => { if (!isConditionFailure(err)) throw err; });
    },

    async claimResend(spaceId, id, claim) {
      try {
        const out = await t.client.send(new UpdateCommand({
          TableName: t.table, Key: orderKey(spaceId, id),
          UpdateExpression: 'SET lastResendAt = :at, resendToken = :t',
          ConditionExpression: 'attribute_exists(pk) AND #st = :awaiting AND (attribute_not_exists(steps.email) OR steps.email <= :cutoff) AND (attribute_not_exists(lastResendAt) OR lastResendAt <= :cutoff)',
          ExpressionAttributeNames: { '#st': 'status' },
          ExpressionAttributeValues: { ':at': claim.at, ':t': claim.token, ':cutoff': claim.cutoff, ':awaiting': 'awaiting_payment' },
          ReturnValues: 'UPDATED_OLD',
        }));
        const previousAt = out.Attributes?.lastResendAt;
        return typeof previousAt === 'string' ? { previousAt } : {};
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },

    async releaseResend(spaceId, id, token, previousAt) {
      await t.client.send(new UpdateCommand({
        TableName: t.table, Key: orderKey(spaceId, id),
        UpdateExpression: previousAt ? 'SET lastResendAt = :prev REMOVE resendToken' : 'REMOVE lastResendAt, resendToken',
        ConditionExpression: 'resendToken = :t',
        ExpressionAttributeValues: { ':t': token, ...(previousAt ? { ':prev': previousAt } : {}) },
      })).catch((err) => { if (!isConditionFailure(err)) throw err; });
    },

    async findByPaymentIntent(spaceId, paymentIntentId) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: paymentIntentKey(spaceId, paymentIntentId), ConsistentRead: true }));
      return typeof out.Item?.orderId === 'string' ? out.Item.orderId : undefined;
    },

    async markStep(spaceId, id, step, a) {
      try {
        await transact(t, [
          { action: { Update: {
            TableName: t.table, Key: orderKey(spaceId, id),
            UpdateExpression: 'SET steps.#s = :at, updatedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(steps.#s)',
            ExpressionAttributeNames: { '#s': step }, ExpressionAttributeValues: { ':at': a.at },
          } }, onConditionFailed: () => new OrderExists() },
          audit(spaceId, id, a),
        ]);
      } catch (err) {
        if (!(err instanceof OrderExists)) throw err;
      }
      return mustGet(spaceId, id);
    },

    async applyEvent(spaceId, change) {
      try {
        await transact(t, applyEventActions(t, spaceId, change, audit(spaceId, change.orderId, change.audit).action));
        return 'applied';
      } catch (err) {
        if (err === markerConflict.duplicate) return 'duplicate-event';
        if (err === markerConflict.changed) return 'order-changed';
        throw err;
      }
    },

    async reissueCheckout(spaceId, id, checkout, a) {
      const order = await mustGet(spaceId, id);
      try {
        await transact(t, [
          { action: { Update: {
            TableName: t.table, Key: orderKey(spaceId, id),
            UpdateExpression: 'SET #st = :to, gsi2pk = :g2, checkout = :c, checkoutAttempt = :n, steps.checkout = :at, updatedAt = :at, history = list_append(history, :h) REMOVE steps.email, emailClaim',
            ConditionExpression: '#st = :expired AND checkoutAttempt = :prev',
            ExpressionAttributeNames: { '#st': 'status' },
            ExpressionAttributeValues: {
              ':to': 'awaiting_payment', ':g2': ordersByStatusIndex(spaceId, 'awaiting_payment', order.createdAt, id).gsi2pk,
              ':c': checkout, ':n': checkout.attempt, ':prev': checkout.attempt - 1, ':at': a.at, ':expired': 'expired',
              ':h': [{ status: 'awaiting_payment', at: a.at, cause: 'resend-link' }],
            },
          } }, onConditionFailed: () => new OrderExists() },
          audit(spaceId, id, a),
        ]);
      } catch (err) {
        if (!(err instanceof OrderExists)) throw err;
      }
      return mustGet(spaceId, id);
    },

    async addAudit(spaceId, orderId, a) {
      await transact(t, [audit(spaceId, orderId, a)]);
    },

    async listOrders(spaceId, query) {
      const byStatus = query.status !== undefined;
      const index = byStatus ? 'gsi2' : 'gsi1';
      const out = await queryFrom(t, {
        IndexName: index,
        KeyConditionExpression: byStatus ? 'gsi2pk = :p' : 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': byStatus ? ordersByStatusIndex(spaceId, query.status!, '', '').gsi2pk : ordersIndex(spaceId, '', '').gsi1pk },
        ScanIndexForward: false, Limit: query.limit, ...(query.startKey ? { ExclusiveStartKey: query.startKey } : {}),
      }, ['pk', 'sk', `${index}pk`, `${index}sk`]);
      return { items: (out.Items ?? []).map(toOrder), ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
    },
  };
}
