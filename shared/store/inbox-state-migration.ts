import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite } from './batch.js';
import type { TableRef } from './dynamo.js';
import { isConditionFailure } from './transact.js';
import { LEGACY_ALL, reindexThread } from './inbox-index.js';
import { inboxCountsKey, inboxFacetPartition } from './keys.js';

/**
 * Where a Space's move to the state facets stands, kept on its inbox counts item (read by every
 * count anyway): `none` before it starts, `running` from its first step (with the time of its
 * latest step), `done` once no thread of the Space is listed under the old facets.
 */
export type StateMigration = { readonly status: 'none' } | { readonly status: 'running'; readonly at: string } | { readonly status: 'done'; readonly moved: number };

export async function readStateMigration(t: TableRef, spaceId: string): Promise<StateMigration> {
  const out = await t.client.send(new GetCommand({ TableName: t.table, Key: inboxCountsKey(spaceId), ProjectionExpression: 'stateMigration, stateMigrationAt, stateMigrationMoved' }));
  const item = out.Item ?? {};
  if (item.stateMigration === 'done') return { status: 'done', moved: Number(item.stateMigrationMoved ?? 0) };
  if (item.stateMigration === 'running') return { status: 'running', at: String(item.stateMigrationAt) };
  return { status: 'none' };
}

/**
 * Claims the right to start (or restart) the Space's move: true when the marker was absent, or
 * running with no step since `staleBefore` (a lost queue message), and now says running at `at`.
 * Two readers at once: one claims, the other gets false.
 */
export async function claimStateMigration(t: TableRef, spaceId: string, at: string, staleBefore: string): Promise<boolean> {
  try {
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: inboxCountsKey(spaceId),
      UpdateExpression: 'SET entity = :e, stateMigration = :running, stateMigrationAt = :at',
      ConditionExpression: 'attribute_not_exists(stateMigration) OR (stateMigration = :running AND stateMigrationAt < :stale)',
      ExpressionAttributeValues: { ':e': 'inbox-counts', ':running': 'running', ':at': at, ':stale': staleBefore },
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Records a step of the move (its liveness) or its end; `done` is never undone. */
export async function markStateMigration(t: TableRef, spaceId: string, mark: { at: string; done?: { moved: number } }): Promise<void> {
  try {
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: inboxCountsKey(spaceId),
      UpdateExpression: mark.done ? 'SET entity = :e, stateMigration = :done, stateMigrationAt = :at, stateMigrationMoved = :moved' : 'SET entity = :e, stateMigrationAt = :at',
      ConditionExpression: 'attribute_not_exists(stateMigration) OR stateMigration <> :done',
      ExpressionAttributeValues: { ':e': 'inbox-counts', ':at': mark.at, ':done': 'done', ...(mark.done ? { ':moved': mark.done.moved } : {}) },
    }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Old `all` items read per Query; each thread costs two reads and about as many writes as it had old facets. */
const PAGE = 50;

export interface MigrationStep {
  /** Threads this step moved to their state facet. */
  readonly moved: number;
  /** Where the next step starts; absent when the Space has no old-shape thread left. */
  readonly cursor?: string;
}

/**
 * Moves the Space's old-shape threads to their state facet, walking the old `all` partition (every
 * such thread, hidden ones aside, has its item there) from `cursor` until `overBudget` says stop.
 * Each thread goes through `reindexThread`: its state item is put, its bookkeeping and the counters
 * move in one transaction conditioned on the bookkeeping read (its rev and its old `all` facet), the
 * old items are deleted after. A staff change or new mail racing it wins the condition or retries
 * from a fresh read, so each counter moves once. The `all` item read is deleted last (one left
 * behind by an earlier crash too). Running it again moves nothing.
 */
export async function migrateInboxStep(t: TableRef, spaceId: string, input: { cursor?: string; overBudget: () => boolean; pageSize?: number }): Promise<MigrationStep> {
  let cursor = input.cursor;
  let moved = 0;
  while (true) {
    const out = await t.client.send(new QueryCommand({
      TableName: t.table, KeyConditionExpression: 'pk = :p', Limit: input.pageSize ?? PAGE, ConsistentRead: true,
      ExpressionAttributeValues: { ':p': inboxFacetPartition(spaceId, LEGACY_ALL) },
      ...(cursor ? { ExclusiveStartKey: { pk: inboxFacetPartition(spaceId, LEGACY_ALL), sk: cursor } } : {}),
    }));
    for (const item of out.Items ?? []) {
      const threadId = String(item.threadId);
      const plan = await reindexThread(t, spaceId, threadId);
      if (plan?.legacy) moved++;
      await batchWrite(t, [], [{ pk: String(item.pk), sk: String(item.sk) }]);
      cursor = String(item.sk);
    }
    if (!out.LastEvaluatedKey) return { moved };
    if (input.overBudget()) return { moved, ...(cursor ? { cursor } : {}) };
  }
}
