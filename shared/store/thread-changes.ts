import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ThreadChangePlan } from '../domain/inbox/change-thread.js';
import type { InboxThread } from '../domain/inbox/inbox-thread.js';
import { VersionMismatchError } from '../domain/errors.js';
import { putAudit } from './audit-store.js';
import type { TableRef } from './dynamo.js';
import { reindexThread, toInboxThread } from './inbox-index.js';
import { threadKey } from './keys.js';
import { onTable, transact } from './transact.js';

/** A thread as the inbox sees it, read consistently (the version a change is checked against). */
export async function getInboxThread(t: TableRef, spaceId: string, threadId: string): Promise<InboxThread | undefined> {
  const out = await t.client.send(new GetCommand({ TableName: t.table, Key: threadKey(spaceId, threadId), ConsistentRead: true }));
  return out.Item && out.Item.lastMessageAt !== undefined ? toInboxThread(out.Item) : undefined;
}

/**
 * Applies a planned staff change and its audit rows in one transaction, only while the thread's
 * version is still `expected` (a racing change gets 412 and nothing is written), then reindexes.
 * @throws VersionMismatchError
 */
export async function applyThreadChange(t: TableRef, spaceId: string, threadId: string, expected: number, plan: ThreadChangePlan): Promise<void> {
  const names = Object.keys(plan.set);
  const sets = [...names.map((_, i) => `#s${i} = :s${i}`), '#version = :next'];
  await transact(t, onTable(t.table, [
    {
      action: { Update: {
        TableName: '', Key: threadKey(spaceId, threadId),
        UpdateExpression: `SET ${sets.join(', ')} ADD rev :one${plan.remove.length ? ` REMOVE ${plan.remove.map((_, i) => `#r${i}`).join(', ')}` : ''}`,
        ConditionExpression: `attribute_exists(pk) AND ${expected === 0 ? '(attribute_not_exists(#version) OR #version = :expected)' : '#version = :expected'}`,
        ExpressionAttributeNames: {
          '#version': 'version', ...Object.fromEntries(names.map((n, i) => [`#s${i}`, n])), ...Object.fromEntries(plan.remove.map((n, i) => [`#r${i}`, n])),
        },
        ExpressionAttributeValues: { ':next': expected + 1, ':expected': expected, ':one': 1, ...Object.fromEntries(names.map((n, i) => [`:s${i}`, plan.set[n]])) },
      } },
      onConditionFailed: (old) => new VersionMismatchError(Number(old?.version ?? 0)),
    },
    ...plan.audits.map(putAudit),
  ]));
  await reindexThread(t, spaceId, threadId);
}
