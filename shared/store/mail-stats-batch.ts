import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applyCustomerEvent, emptyStats, type CustomerEvent, type CustomerStats, type StatsOwner } from '../domain/customers/customer-stats.js';
import { viewMoved } from '../domain/customers/customer-views.js';
import { healthScore } from '../domain/customers/health-score.js';
import { statsOwnerKey, spaceCounters, SPACE_STATS_ID, statsPut, type ViewMoved } from './customer-stats-store.js';
import type { TableRef } from './dynamo.js';
import { customerStatsKey, statsEventKey, type Key } from './keys.js';
import { isConditionFailure, itemDoesNotExist, onTable, transact, type TxItem } from './transact.js';

type Item = Record<string, unknown>;

/** One linked mail's interaction: its owners and the Space count it once, under one marker. */
export interface MailInteraction {
  /** `msg#<message id>`. */
  readonly eventId: string;
  readonly owners: readonly StatsOwner[];
  readonly event: CustomerEvent;
}

/** Event markers outlive any retry of their source by far (as the per-owner ones). */
const MARKER_TTL_S = 400 * 86_400;
const MAX_ATTEMPTS = 12;
const MAX_ACTIONS = 100;
const raced = new Error('stats or markers changed since read');

/** The mail's marker: the Space's event marker, listing the owners the mail was counted for. */
export const mailMarkerKey = (spaceId: string, eventId: string): Key => statsEventKey(spaceId, 'space', SPACE_STATS_ID, eventId);

async function readConsistent(t: TableRef, keys: readonly Key[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const id = (k: { pk: unknown; sk: unknown }) => `${String(k.pk)}\u0000${String(k.sk)}`;
  const unique = [...new Map(keys.map((k) => [id(k), { pk: k.pk, sk: k.sk }])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Record<string, { Keys: Item[]; ConsistentRead: true }> | undefined = { [t.table]: { Keys: unique.slice(i, i + 100), ConsistentRead: true } };
    for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      const out = await t.client.send(new BatchGetCommand({ RequestItems: pending }));
      for (const item of out.Responses?.[t.table] ?? []) found.set(id(item as Key), item);
      pending = out.UnprocessedKeys as typeof pending;
    }
  }
  return found;
}
const keyId = (k: Key) => `${String(k.pk)}\u0000${String(k.sk)}`;
const ownerId = (o: StatsOwner) => `${o.kind}#${o.id}`;

/** Splits mails so each transaction holds at most 100 actions: a marker per mail, a put per owner, one Space update. */
function chunks(mails: readonly MailInteraction[]): MailInteraction[][] {
  const out: MailInteraction[][] = [];
  let current: MailInteraction[] = [];
  let owners = new Set<string>();
  for (const m of mails) {
    const next = new Set([...owners, ...m.owners.map(ownerId)]);
    if (current.length > 0 && current.length + 1 + next.size + 1 > MAX_ACTIONS) {
      out.push(current);
      current = [];
      owners = new Set(m.owners.map(ownerId));
    } else owners = next;
    current.push(m);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Folds the interactions of one link batch's mails into their owners' aggregates and the Space's
 * counters: per transaction one marker per mail (which lists the owners it counted, so a later
 * relink of another owner still counts that one, see `record`), one versioned put per owner with all
 * its mails of the batch applied, and one Space update with the summed counters. A redelivered
 * mail finds its marker and is left out; a lost race (another writer moved a stats item or wrote a
 * marker since the read) reads again. Mails with more owners than one transaction holds are the
 * caller's to record one owner at a time (`tooLarge`).
 */
export async function recordMailBatch(t: TableRef, spaceId: string, mails: readonly MailInteraction[], now: string, onViewMoved?: ViewMoved): Promise<{ tooLarge: MailInteraction[] }> {
  const tooLarge = mails.filter((m) => m.owners.length + 2 > MAX_ACTIONS);
  const moved: StatsOwner[] = [];
  let lastAt: string | undefined;
  for (const chunk of chunks(mails.filter((m) => m.owners.length + 2 <= MAX_ACTIONS))) {
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await commitChunk(t, spaceId, chunk, now);
        moved.push(...out.moved);
        if (out.lastAt && (!lastAt || out.lastAt > lastAt)) lastAt = out.lastAt;
        break;
      } catch (err) {
        if (err !== raced || attempt >= MAX_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }
  if (lastAt) {
    // Latest contact only moves forward; an older one loses the condition, which is the answer.
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: customerStatsKey(spaceId, 'space', SPACE_STATS_ID), UpdateExpression: 'SET lastContactAt = :at',
      ConditionExpression: 'attribute_not_exists(lastContactAt) OR lastContactAt < :at', ExpressionAttributeValues: { ':at': lastAt },
    })).catch((err: unknown) => { if (!isConditionFailure(err)) throw err; });
  }
  // After the commit: if a refresh fails, the view catches up at the owner's next change.
  if (onViewMoved) for (const o of moved) await onViewMoved(spaceId, o);
  return { tooLarge };
}

async function commitChunk(t: TableRef, spaceId: string, chunk: readonly MailInteraction[], now: string): Promise<{ moved: StatsOwner[]; lastAt?: string }> {
  const owners = [...new Map(chunk.flatMap((m) => m.owners).map((o) => [ownerId(o), o])).values()];
  const read = await readConsistent(t, [...chunk.map((m) => mailMarkerKey(spaceId, m.eventId)), ...owners.map((o) => statsOwnerKey(spaceId, o))]);
  const fresh = chunk.filter((m) => !read.has(keyId(mailMarkerKey(spaceId, m.eventId))));
  if (fresh.length === 0) return { moved: [] };
  const items: TxItem[] = fresh.map((m) => ({
    action: { Put: {
      TableName: '', ConditionExpression: itemDoesNotExist,
      Item: {
        ...mailMarkerKey(spaceId, m.eventId), entity: 'stats-event', v: 1, at: now, expiresAt: Math.floor(Date.parse(now) / 1000) + MARKER_TTL_S,
        ...(m.owners.length > 0 ? { owners: new Set(m.owners.map(ownerId)) } : {}),
      },
    } },
    onConditionFailed: () => raced,
  }));
  const moved: StatsOwner[] = [];
  for (const owner of owners) {
    const events = fresh.filter((m) => m.owners.some((o) => ownerId(o) === ownerId(owner))).map((m) => m.event).sort((a, b) => (a.at < b.at ? -1 : 1));
    if (events.length === 0) continue;
    const item = read.get(keyId(statsOwnerKey(spaceId, owner)));
    const before = item?.stats as CustomerStats | undefined;
    const stats = events.reduce(applyCustomerEvent, before ?? emptyStats(events[0]!.at));
    const latest = events[events.length - 1]!.at;
    const health = healthScore(owner.kind, stats, now > latest ? now : latest);
    items.push({ ...statsPut(spaceId, owner, { stats, health }, Number(item?.version ?? 0), now), onConditionFailed: () => raced });
    if (viewMoved(before, stats)) moved.push(owner);
  }
  const sums = new Map<string, number>();
  for (const m of fresh) for (const [k, v] of Object.entries(spaceCounters(m.event))) sums.set(k, (sums.get(k) ?? 0) + v);
  const counters = [...sums].filter(([, v]) => v !== 0);
  if (counters.length > 0) {
    items.push({ action: { Update: {
      TableName: '', Key: customerStatsKey(spaceId, 'space', SPACE_STATS_ID),
      UpdateExpression: `ADD ${counters.map((_c, i) => `#c${i} :c${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(counters.map(([k], i) => [`#c${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(counters.map(([, v], i) => [`:c${i}`, v])),
    } } });
  }
  await transact(t, onTable(t.table, items));
  const contacts = fresh.filter((m) => m.event.kind === 'interaction' && (m.event.delta ?? 1) > 0).map((m) => m.event.at).sort();
  return { moved, ...(contacts.length > 0 ? { lastAt: contacts[contacts.length - 1]! } : {}) };
}
