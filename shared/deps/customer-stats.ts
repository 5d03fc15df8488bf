import type { CustomerEventRecord } from '../domain/customers/record-customer-event.js';
import { recordCustomerEvent } from '../domain/customers/record-customer-event.js';
import { activityEvents, mailEvent, orderMoveEvent } from '../domain/customers/source-events.js';
import type { LoggedActivityStore } from '../domain/activities/ports.js';
import type { OrderAdminStore } from '../domain/orders/order-admin.js';
import type { OrderStore } from '../domain/orders/ports.js';
import type { ActivityEntry } from '../domain/threads/ports.js';
import { createCustomerStatsStore } from '../store/customer-stats-store.js';
import { createCustomerViewStore } from '../store/customer-view-store.js';
import type { TableRef } from '../store/dynamo.js';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../store/batch.js';
import { recordMailBatch, type MailInteraction } from '../store/mail-stats-batch.js';
import { contactFromItem } from '../store/contact-items.js';
import { companyKey, contactKey, messageKey } from '../store/keys.js';

export type RecordEvent = (r: CustomerEventRecord | undefined) => Promise<void>;

/** Folds source events into customer and Space aggregates on DynamoDB. */
export function customerEventRecorder(t: TableRef, now: () => Date = () => new Date()): RecordEvent {
  const views = createCustomerViewStore(t);
  const stats = createCustomerStatsStore(t, (spaceId, owner) => views.refresh(spaceId, owner.kind, owner.id));
  return async (r) => { if (r) await recordCustomerEvent({ stats, now }, r); };
}

type Timeline = { putActivities(spaceId: string, owners: readonly { kind: 'contact' | 'company'; id: string }[], entry: ActivityEntry): Promise<void> };

/** The linker's timeline writes, each also counted as an interaction (idempotent per message and owner). */
export function countingTimeline<T extends Timeline>(store: T, record: RecordEvent): T {
  return {
    ...store,
    async putActivities(spaceId, owners, entry) {
      await store.putActivities(spaceId, owners, entry);
      await record(mailEvent(spaceId, owners, entry));
    },
  };
}

/**
 * The linker's interactions of one batch, gathered by `record` and folded in by `flush` together
 * (recordMailBatch: one marker per mail, one stats put per owner, one Space update per batch). Mails
 * found stored already (a redelivery) are folded in again from their stored links, so a batch whose
 * flush failed after its message items were written still counts them once when it comes back.
 */
export function batchedMailStats(t: TableRef, now: () => Date = () => new Date()): { record: RecordEvent; flush(stored: readonly { spaceId: string; id: string }[]): Promise<void> } {
  const gathered: CustomerEventRecord[] = [];
  const views = createCustomerViewStore(t);
  const onViewMoved = (spaceId: string, owner: { kind: 'contact' | 'company'; id: string }) => views.refresh(spaceId, owner.kind, owner.id);
  const single = customerEventRecorder(t, now);
  return {
    record: async (r) => { if (r) gathered.push(r); },
    async flush(stored) {
      const items = await batchGet(t, stored.map((m) => messageKey(m.spaceId, m.id)));
      const again = items.flatMap((m, i) => {
        const owners = m ? [...((m.contactIds ?? []) as string[]).map((id) => ({ kind: 'contact' as const, id })), ...((m.companyIds ?? []) as string[]).map((id) => ({ kind: 'company' as const, id }))] : [];
        const r = m ? mailEvent(stored[i]!.spaceId, owners, { messageId: String(m.id), date: String(m.date), ...(m.automated ? { automated: String(m.automated) } : {}) }) : undefined;
        return r ? [r] : [];
      });
      const bySpace = new Map<string, MailInteraction[]>();
      for (const r of [...gathered, ...again]) {
        const owners = [...new Map(r.owners.map((o) => [`${o.kind}#${o.id}`, { kind: o.kind, id: o.id }])).values()];
        bySpace.set(r.spaceId, [...(bySpace.get(r.spaceId) ?? []).filter((m) => m.eventId !== r.eventId), { eventId: r.eventId, owners, event: r.event }]);
      }
      gathered.length = 0;
      for (const [spaceId, mails] of bySpace) {
        const { tooLarge } = await recordMailBatch(t, spaceId, mails, now().toISOString(), onViewMoved);
        for (const m of tooLarge) await single({ spaceId, eventId: m.eventId, owners: m.owners, event: m.event, space: true });
      }
    },
  };
}

/** Order writes that move a status, each also folded into the customer's aggregates. */
export function countingOrders(store: OrderStore, record: RecordEvent): OrderStore {
  return {
    ...store,
    async createOrder(order, audit) {
      const out = await store.createOrder(order, audit);
      // A replay records again under the same id: counted once, and a crash before counting is healed.
      if (out.order.status === 'awaiting_payment') await record(orderMoveEvent(out.order, undefined, 'awaiting_payment', out.order.createdAt, 'created'));
      return out;
    },
    async applyEvent(spaceId, change) {
      const outcome = await store.applyEvent(spaceId, change);
      if (outcome === 'applied' && change.to) {
        const order = await store.getOrder(spaceId, change.orderId);
        if (order) await record(orderMoveEvent(order, change.from, change.to, change.at, change.eventId));
      }
      return outcome;
    },
    async reissueCheckout(spaceId, id, checkout, audit) {
      const order = await store.reissueCheckout(spaceId, id, checkout, audit);
      if (order.status === 'awaiting_payment' && order.checkout?.attempt === checkout.attempt) {
        await record(orderMoveEvent(order, 'expired', 'awaiting_payment', audit.at, `attempt-${checkout.attempt}`));
      }
      return order;
    },
  };
}

/** Cancelling from the CRM closes an open order for the stat cards too. */
export function countingAdmin(store: OrderAdminStore, record: RecordEvent): OrderAdminStore {
  return {
    ...store,
    async markCancelled(spaceId, order, from, audit) {
      const done = await store.markCancelled(spaceId, order, from, audit);
      if (done) await record(orderMoveEvent(order, from, 'cancelled', audit.at, 'cancel'));
      return done;
    },
  };
}

/** Logged activities: each save takes the old version's interaction out and puts the new one in. */
export function countingActivities(store: LoggedActivityStore, record: RecordEvent): LoggedActivityStore {
  const all = async (events: readonly CustomerEventRecord[]) => { for (const e of events) await record(e); };
  return {
    ...store,
    async createActivity(a, audit) { await store.createActivity(a, audit); await all(activityEvents(undefined, a)); },
    async replaceActivity(before, after, audit) { await store.replaceActivity(before, after, audit); await all(activityEvents(before, after)); },
    async deleteActivity(a, audit) { await store.deleteActivity(a, audit); await all(activityEvents(a, undefined)); },
  };
}

const COVERAGE_READ_MAX = 500;

/**
 * Recounts a company's live contacts and decision makers (its membership items, at most 500, then
 * the contacts) and folds the counts in: called when a contact joins, leaves or changes roles.
 */
export function coverageRecorder(t: TableRef, record: RecordEvent, now: () => Date = () => new Date()) {
  return async (spaceId: string, companyIds: readonly (string | undefined)[]): Promise<void> => {
    for (const companyId of new Set(companyIds.filter((c): c is string => c !== undefined))) {
      const members = await t.client.send(new QueryCommand({
        TableName: t.table, KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)', Limit: COVERAGE_READ_MAX,
        ExpressionAttributeValues: { ':p': companyKey(spaceId, companyId).pk, ':c': 'contact#' },
      }));
      const contacts = (await batchGet(t, (members.Items ?? []).map((m) => contactKey(spaceId, String(m.contactId)))))
        .flatMap((i) => (i ? [contactFromItem(i)] : []))
        .filter((c) => c.companyId === companyId && c.status !== 'archived' && !c.mergedInto);
      const at = now().toISOString();
      await record({
        spaceId, eventId: `coverage#${at}#${Math.random().toString(36).slice(2)}`, owners: [{ kind: 'company', id: companyId }], space: false,
        event: { kind: 'coverage', at, contacts: contacts.length, decisionMakers: contacts.filter((c) => c.roles.includes('decision_maker')).length },
      });
    }
  };
}
