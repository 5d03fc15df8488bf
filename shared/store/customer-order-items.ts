import type { Order } from '../domain/orders/order.js';
import { toOrder } from './order-items.js';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import { customerOrderIndex, orderKey, relatedPartition, timelineKey } from './keys.js';
import { pageThrough, type Page } from './page-through.js';

/** The timeline reference of an order (sort key `<createdAt>#ord#<id>`). */
export const orderRef = (id: string): string => `ord#${id}`;

/**
 * The order's lines on its contact's and company's timelines, written with the order. Each is also
 * in the customer's order list (GSI2 under the generic merge partition), so a merge moves it with
 * the record and the activity mover repoints the order.
 */
export const customerOrderEntries = (o: Pick<Order, 'spaceId' | 'id' | 'createdAt' | 'contactId' | 'companyId'>): Record<string, unknown>[] => {
  const entry = (owner: 'contact' | 'company', id: string) => ({
    ...timelineKey(o.spaceId, owner, id, o.createdAt, orderRef(o.id)), ...customerOrderIndex(o.spaceId, owner, id, o.createdAt, o.id),
    entity: 'timeline', v: 1, kind: 'order', orderId: o.id, at: o.createdAt, [`${owner}Id`]: id,
  });
  return [...(o.contactId ? [entry('contact', o.contactId)] : []), ...(o.companyId ? [entry('company', o.companyId)] : [])];
};

/** Orders of one contact or company, newest first (access-patterns.md "orders of a customer"). */
export function createCustomerOrderStore(t: TableRef) {
  return {
    async listCustomerOrders(spaceId: string, owner: { kind: 'contact' | 'company'; id: string }, limit: number, startKey?: Record<string, unknown>): Promise<Page<Order>> {
      return pageThrough<Order>(t, {
        query: {
          IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :o)',
          ExpressionAttributeValues: { ':p': relatedPartition(spaceId, owner.kind, owner.id), ':o': 'order#' }, ScanIndexForward: false,
        },
        keyAttributes: ['pk', 'sk', 'gsi2pk', 'gsi2sk'],
        limit,
        ...(startKey ? { startKey } : {}),
        hydrate: async (items) => (await batchGet(t, items.map((i) => orderKey(spaceId, String(i.orderId))))).map((o) => (o ? toOrder(o) : undefined)),
        accept: () => true,
      });
    },
  };
}
