import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite } from './batch.js';
import type { TableRef } from './dynamo.js';
import { countDeltas, planReindex, reindexReads, reindexThread, type ReindexPlan } from './inbox-index.js';
import { isConditionFailure, onTable, transact, type TxItem } from './transact.js';

type Item = Record<string, unknown>;
export interface ThreadRef { readonly spaceId: string; readonly threadId: string }

/** Threads per transaction: each is one action, plus one counts update per Space (≤ 100 actions). */
const THREADS_PER_TX = 49;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the thread and bookkeeping items of many threads, consistently, in calls of 100 keys. */
async function readAll(t: TableRef, refs: readonly ThreadRef[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const keys = refs.flatMap((r) => reindexReads(r.spaceId, r.threadId));
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, { Keys: Item[]; ConsistentRead: boolean }> | undefined = { [t.table]: { Keys: keys.slice(i, i + 100).map((k) => ({ pk: k.pk, sk: k.sk })), ConsistentRead: true } };
    for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
      if (attempt > 0) await pause(Math.min(1000, 20 * 2 ** attempt));
      const out = await t.client.send(new BatchGetCommand({ RequestItems: pending }));
      for (const item of out.Responses?.[t.table] ?? []) found.set(`${String(item.pk)}\u0000${String(item.sk)}`, item);
      pending = out.UnprocessedKeys as typeof pending;
    }
  }
  return found;
}

/** The counts updates of some plans: one per Space, every delta of its threads summed. */
function summedCounts(plans: readonly ReindexPlan[]): TxItem[] {
  const bySpace = new Map<string, Map<string, number>>();
  for (const p of plans) {
    const sums = bySpace.get(p.spaceId) ?? new Map<string, number>();
    for (const [facet, d] of p.deltas) sums.set(facet, (sums.get(facet) ?? 0) + d);
    bySpace.set(p.spaceId, sums);
  }
  return [...bySpace].flatMap(([spaceId, sums]) => countDeltas(spaceId, sums));
}

/**
 * Indexes the threads one link batch wrote, together: one BatchGetItem for all of them, one batch
 * write of all new index items, and one transaction for every thread whose counts move, holding
 * their bookkeeping updates and one counts update per Space with the summed moves (2 units a
 * thread plus 2 a Space, instead of 4 a thread). Threads whose counts stay get their conditional
 * update alone. Same guarantees as `reindexThread`: the bookkeeping is conditioned on what was
 * read, so a count moves once per transition; when any of it lost a race (another writer indexed
 * one of the threads meanwhile), those threads are indexed one by one from a fresh read.
 */
export async function reindexThreads(t: TableRef, refs: readonly ThreadRef[]): Promise<void> {
  const unique = [...new Map(refs.map((r) => [`${r.spaceId}\u0000${r.threadId}`, r])).values()];
  if (unique.length === 0) return;
  const read = await readAll(t, unique);
  const planned = unique.flatMap((r) => {
    const [threadKey, bookKey] = reindexReads(r.spaceId, r.threadId).map((k) => `${String(k.pk)}\u0000${String(k.sk)}`);
    const plan = planReindex(t, r.spaceId, r.threadId, read.get(threadKey!), read.get(bookKey!) ?? {});
    return plan ? [{ ref: r, plan }] : [];
  });
  await batchWrite(t, planned.flatMap((p) => p.plan.puts));
  const counting = planned.filter((p) => p.plan.deltas.size > 0);
  const quiet = planned.filter((p) => p.plan.deltas.size === 0);
  const lost: ThreadRef[] = [];
  const done: ReindexPlan[] = [];
  const chunks = Array.from({ length: Math.ceil(counting.length / THREADS_PER_TX) }, (_, i) => counting.slice(i * THREADS_PER_TX, (i + 1) * THREADS_PER_TX));
  await Promise.all([
    ...chunks.map(async (chunk) => {
      const updates: TxItem[] = chunk.map((p) => ({ action: { Update: { ...p.plan.bookkeeping, TableName: '' } } }));
      try {
        await transact(t, onTable(t.table, [...updates, ...summedCounts(chunk.map((p) => p.plan))]));
        done.push(...chunk.map((p) => p.plan));
      } catch {
        // Which thread lost does not matter: a fresh read per thread redoes only what is missing.
        lost.push(...chunk.map((p) => p.ref));
      }
    }),
    ...quiet.map(async (p) => {
      try {
        await t.client.send(new UpdateCommand(p.plan.bookkeeping));
        done.push(p.plan);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        lost.push(p.ref);
      }
    }),
  ]);
  await batchWrite(t, [], done.flatMap((p) => p.stale));
  for (const r of lost) await reindexThread(t, r.spaceId, r.threadId);
}
