import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applyCustomerEvent, combineStats, emptyStats, monthOf, type CustomerEvent, type CustomerStats, type StatsOwner } from '../domain/customers/customer-stats.js';
import { viewMoved } from '../domain/customers/customer-views.js';
import { healthScore, type HealthScore } from '../domain/customers/health-score.js';
import type { CustomerStatsStore, SpaceMonthStats } from '../domain/customers/ports.js';
import type { TableRef } from './dynamo.js';
import { customerStatsKey, statsEventKey } from './keys.js';
import { isConditionFailure, itemDoesNotExist, onTable, transact, type TxItem } from './transact.js';

/** Event markers outlive any retry of their source (SQS, Stripe, a client) by far. */
const MARKER_TTL_S = 400 * 86_400;
const MAX_ATTEMPTS = 12;
/** The owner id of the Space's own stats and event markers. */
export const SPACE_STATS_ID = '-';
const SPACE_ID = SPACE_STATS_ID;

const repeat = new Error('event already folded in');
const raced = new Error('stats changed since read');

const marker = (spaceId: string, kind: 'contact' | 'company' | 'space', id: string, eventId: string, at: string): TxItem => ({
  action: { Put: {
    TableName: '', ConditionExpression: itemDoesNotExist,
    Item: { ...statsEventKey(spaceId, kind, id, eventId), entity: 'stats-event', v: 1, at, expiresAt: Math.floor(Date.parse(at) / 1000) + MARKER_TTL_S },
  } },
  onConditionFailed: () => repeat,
});

/** An owner's aggregates as one versioned put: created at version 0, else written over the version read. */
export const statsPut = (spaceId: string, owner: StatsOwner, aggregates: { stats: CustomerStats; health: HealthScore }, version: number, now: string): TxItem => ({
  action: { Put: {
    TableName: '', Item: { ...customerStatsKey(spaceId, owner.kind, owner.id), entity: 'customer-stats', v: 1, owner, ...aggregates, version: version + 1, updatedAt: now },
    ConditionExpression: version === 0 ? itemDoesNotExist : 'version = :v', ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
  } },
  onConditionFailed: () => raced,
});

/**
 * Optimistic writes: `attempt` reads, computes and commits, and runs again after a short jittered wait
 * when another writer won the race. Undefined when its event marker shows it was folded in already.
 */
async function retryRaces<T>(attempt: () => Promise<T>): Promise<T | undefined> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (err === repeat) return undefined;
      if (err !== raced || n >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * n));
    }
  }
}

/** The Space's counters an event adds to: flat attribute names per month, so ADD needs no map to exist. */
export function spaceCounters(e: CustomerEvent): Record<string, number> {
  const m = monthOf(e.at);
  switch (e.kind) {
    case 'interaction': return { [`interactions#${m}`]: e.delta ?? 1 };
    case 'order-opened': return { openOrders: 1 };
    case 'order-paid': return { [`paidCount#${m}`]: 1, [`paidAmount#${m}#${e.currency}`]: e.amount, ...(e.wasOpen ? { openOrders: -1 } : {}) };
    case 'order-lost': return e.wasOpen ? { openOrders: -1 } : {};
    default: return {};
  }
}

export const statsOwnerKey = (spaceId: string, owner: StatsOwner) => customerStatsKey(spaceId, owner.kind, owner.id);

/**
 * A mail's interaction counted at link time is marked once for the mail (mail-stats-batch.ts),
 * listing its owners; an owner linked later (relink, a staff link) is counted with its own marker
 * unless that list holds it already (say, unlinked and linked again).
 */
const notCountedForMail = (spaceId: string, owner: StatsOwner, eventId: string): TxItem[] => (eventId.startsWith('msg#') ? [{
  action: { ConditionCheck: {
    TableName: '', Key: statsEventKey(spaceId, 'space', SPACE_ID, eventId),
    ConditionExpression: 'attribute_not_exists(#o) OR NOT contains(#o, :o)',
    ExpressionAttributeNames: { '#o': 'owners' }, ExpressionAttributeValues: { ':o': `${owner.kind}#${owner.id}` },
  } },
  onConditionFailed: () => repeat,
}] : []);

/** Called after an owner's aggregates changed in a way that moves it in the customer views. */
export type ViewMoved = (spaceId: string, owner: StatsOwner) => Promise<void>;

/** Contact, company and Space aggregates (access-patterns.md "customer stats", "Space stats"). */
export function createCustomerStatsStore(t: TableRef, onViewMoved?: ViewMoved): CustomerStatsStore {
  const get = async (key: { pk: string; sk: string }) =>
    (await t.client.send(new GetCommand({ TableName: t.table, Key: key, ConsistentRead: true }))).Item;
  return {
    async getStats(spaceId, owner) {
      const item = await get(customerStatsKey(spaceId, owner.kind, owner.id));
      return item ? { stats: item.stats as CustomerStats, health: item.health as HealthScore, version: Number(item.version) } : undefined;
    },
    async record(spaceId, owner, eventId, event, now) {
      const moved = await retryRaces(async () => {
        const item = await get(customerStatsKey(spaceId, owner.kind, owner.id));
        const before = item?.stats as CustomerStats | undefined;
        const stats = applyCustomerEvent(before ?? emptyStats(event.at), event);
        const health = healthScore(owner.kind, stats, now > event.at ? now : event.at);
        await transact(t, onTable(t.table, [
          ...notCountedForMail(spaceId, owner, eventId),
          marker(spaceId, owner.kind, owner.id, eventId, now),
          statsPut(spaceId, owner, { stats, health }, Number(item?.version ?? 0), now),
        ]));
        return viewMoved(before, stats);
      });
      if (moved === undefined) return false;
      // After the commit: if this fails, the view catches up at the owner's next change.
      if (moved && onViewMoved) await onViewMoved(spaceId, owner);
      return true;
    },
    async pendingAbsorb(spaceId, from) {
      const item = await get(customerStatsKey(spaceId, from.kind, from.id));
      return !!item && !item.absorbedInto;
    },
    async absorb(spaceId, from, toId, now) {
      const owner = { kind: from.kind, id: toId };
      const outcome = await retryRaces(async () => {
        const [source, target] = await Promise.all([get(customerStatsKey(spaceId, from.kind, from.id)), get(customerStatsKey(spaceId, from.kind, toId))]);
        if (!source || source.absorbedInto) return 'nothing' as const;
        const before = target?.stats as CustomerStats | undefined;
        const stats = combineStats(before ?? emptyStats(now), source.stats as CustomerStats);
        await transact(t, onTable(t.table, [
          marker(spaceId, from.kind, toId, `merge#${from.id}`, now),
          statsPut(spaceId, owner, { stats, health: healthScore(from.kind, stats, now) }, Number(target?.version ?? 0), now),
          { action: { Update: {
            TableName: '', Key: customerStatsKey(spaceId, from.kind, from.id), UpdateExpression: 'SET absorbedInto = :to',
            ConditionExpression: 'version = :v AND attribute_not_exists(absorbedInto)', ExpressionAttributeValues: { ':to': toId, ':v': Number(source.version) },
          } }, onConditionFailed: () => raced },
        ]));
        return viewMoved(before, stats) ? 'moved' as const : 'kept' as const;
      });
      if (outcome === undefined || outcome === 'nothing') return false;
      if (outcome === 'moved' && onViewMoved) await onViewMoved(spaceId, owner);
      return true;
    },
    async recordSpace(spaceId, eventId, event) {
      const counters = Object.entries(spaceCounters(event));
      const last = event.kind === 'interaction' && (event.delta ?? 1) > 0;
      if (counters.length > 0) {
        const names = Object.fromEntries(counters.map(([k], i) => [`#c${i}`, k]));
        const values = Object.fromEntries(counters.map(([, v], i) => [`:c${i}`, v]));
        try {
          await transact(t, onTable(t.table, [
            marker(spaceId, 'space', SPACE_ID, eventId, event.at),
            { action: { Update: {
              TableName: '', Key: customerStatsKey(spaceId, 'space', SPACE_ID),
              UpdateExpression: `ADD ${counters.map((_c, i) => `#c${i} :c${i}`).join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values,
            } } },
          ]));
        } catch (err) {
          if (err === repeat) return false;
          throw err;
        }
      }
      if (last) {
        // Latest contact only moves forward; an older one loses the condition, which is the answer.
        await t.client.send(new UpdateCommand({
          TableName: t.table, Key: customerStatsKey(spaceId, 'space', SPACE_ID), UpdateExpression: 'SET lastContactAt = :at',
          ConditionExpression: 'attribute_not_exists(lastContactAt) OR lastContactAt < :at', ExpressionAttributeValues: { ':at': event.at },
        })).catch((err: unknown) => { if (!isConditionFailure(err)) throw err; });
      }
      return counters.length > 0;
    },
    async getSpaceMonth(spaceId, month): Promise<SpaceMonthStats> {
      const item = (await get(customerStatsKey(spaceId, 'space', SPACE_ID))) ?? {};
      const prefix = `paidAmount#${month}#`;
      const amounts = Object.fromEntries(Object.entries(item).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), Number(v)]));
      return {
        month, interactions: Number(item[`interactions#${month}`] ?? 0), openOrders: Math.max(0, Number(item.openOrders ?? 0)),
        paid: { count: Number(item[`paidCount#${month}`] ?? 0), amounts },
        ...(item.lastContactAt ? { lastContactAt: String(item.lastContactAt) } : {}),
      };
    },
  };
}
