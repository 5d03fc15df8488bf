import type { ActivityType } from '../domain/activities/activity.js';
import type { TimelineEntry, TimelineType } from '../domain/activities/timeline.js';
import type { OrderStatus } from '../domain/orders/order.js';
import type { ActivityEntry } from '../domain/threads/ports.js';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import { activityPartition, orderKey } from './keys.js';
import { pageThrough, type Page } from './page-through.js';

type Item = Record<string, unknown>;

const mailOf = (item: Item): TimelineEntry => {
  const { pk: _p, sk: _s, entity: _e, v: _v, ...rest } = item;
  const mail = rest as unknown as ActivityEntry;
  return { kind: 'mail', type: 'email', at: mail.date, mail };
};

const activityOf = (i: Item): TimelineEntry => ({
  kind: 'activity', type: i.type as ActivityType, at: String(i.at), activityId: String(i.activityId), subject: String(i.subject),
  ownerId: String(i.ownerId), ...(typeof i.durationMinutes === 'number' ? { durationMinutes: i.durationMinutes } : {}),
  ...(typeof i.outcome === 'string' ? { outcome: i.outcome } : {}), ...(typeof i.doneAt === 'string' ? { doneAt: i.doneAt } : {}),
});

const deletedOf = (i: Item): TimelineEntry => ({
  kind: 'deleted_mail', type: 'email', at: String(i.at), threadId: String(i.threadId), byUserId: String(i.byUserId),
  mode: i.mode === 'mailbox' ? 'mailbox' : 'crm', messages: Number(i.messages ?? 0), ...(typeof i.subject === 'string' ? { subject: i.subject } : {}),
});

/**
 * One timeline per contact and per company: synced mail (written by the linker), logged activities,
 * orders and the history of deleted mail share the partition `…#<owner>#<id>#activity`, sorted by time, so a page is one Query
 * newest first. Orders show their current status, read from the order items of the page.
 */
export function createTimelineStore(t: TableRef) {
  return {
    async listTimeline(spaceId: string, owner: { kind: 'contact' | 'company'; id: string },
      query: { types?: readonly TimelineType[]; limit: number; startKey?: Record<string, unknown> }): Promise<Page<TimelineEntry>> {
      const types = query.types && query.types.length > 0 ? new Set<string>(query.types) : undefined;
      return pageThrough<TimelineEntry>(t, {
        query: {
          KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': activityPartition(spaceId, owner.kind, owner.id) }, ScanIndexForward: false,
        },
        keyAttributes: ['pk', 'sk'],
        limit: query.limit,
        ...(query.startKey ? { startKey: query.startKey } : {}),
        hydrate: async (items) => {
          const orderIds = items.filter((i) => i.kind === 'order').map((i) => String(i.orderId));
          const orders = new Map((await batchGet(t, orderIds.map((id) => orderKey(spaceId, id)))).flatMap((o) => (o ? [[String(o.id), o] as const] : [])));
          return items.map((i): TimelineEntry | undefined => {
            if (i.kind === 'activity') return activityOf(i);
            if (i.kind === 'deleted_mail') return deletedOf(i);
            if (i.kind !== 'order') return mailOf(i);
            const order = orders.get(String(i.orderId));
            if (!order) return undefined;
            return {
              kind: 'order', type: 'order', at: String(i.at), orderId: String(order.id), status: order.status as OrderStatus,
              total: Number(order.total), currency: String(order.currency), memo: String(order.memo ?? ''),
            };
          });
        },
        accept: (entry) => types === undefined || types.has(entry.type),
      });
    },
  };
}

export type TimelineStore = ReturnType<typeof createTimelineStore>;
