import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ThreadReadState } from '../domain/inbox/server-read-state.js';
import type { ServerReadRepo } from '../domain/threads/sync-read-state.js';
import { putAudit } from './audit-store.js';
import type { TableRef } from './dynamo.js';
import { reindexThread } from './inbox-index.js';
import { threadKey } from './keys.js';
import { createMessageStore } from './message-store.js';
import { createThreadMembers } from './thread-members.js';
import { onTable, transact } from './transact.js';

/** How far back in a thread its newest customer message is looked for. */
const NEWEST_INBOUND_LOOKBACK = 25;

class Superseded extends Error {}

/** Read state from the mail server onto threads: the sync function's side of the inbox. */
export const createServerReadStore = (t: TableRef): ServerReadRepo => ({
  threadIdsOf: (spaceId, ids) => createMessageStore(t).threadIdsOf(spaceId, ids),

  async readStateOf(spaceId, threadId): Promise<ThreadReadState | undefined> {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: threadKey(spaceId, threadId), ConsistentRead: true }));
    const item = out.Item;
    if (!item || item.lastMessageAt === undefined) return undefined;
    const page = await createThreadMembers(t).pageMembers(spaceId, threadId, NEWEST_INBOUND_LOOKBACK, true);
    const newestInbound = page.items.find((m) => m.direction === 'inbound');
    return {
      threadId, unread: item.unread === true, version: Number(item.version ?? 0),
      ...(item.readChangedAt ? { readChangedAt: String(item.readChangedAt) } : {}),
      ...(newestInbound ? { newestInboundId: newestInbound.id } : {}),
    };
  },

  async applyServerRead(spaceId, threadId, unread, expected, audit): Promise<boolean> {
    try {
      await transact(t, onTable(t.table, [
        {
          action: { Update: {
            TableName: '', Key: threadKey(spaceId, threadId), UpdateExpression: 'SET unread = :u ADD rev :one',
            ConditionExpression: `attribute_exists(pk) AND ${expected.version === 0 ? '(attribute_not_exists(version) OR version = :v)' : 'version = :v'}`
              + ` AND ${expected.unread ? 'unread = :true' : '(attribute_not_exists(unread) OR unread = :false)'}`,
            ExpressionAttributeValues: { ':u': unread, ':one': 1, ':v': expected.version, ...(expected.unread ? { ':true': true } : { ':false': false }) },
          } },
          onConditionFailed: () => new Superseded(),
        },
        putAudit(audit),
      ]));
    } catch (error) {
      if (error instanceof Superseded) return false;
      throw error;
    }
    await reindexThread(t, spaceId, threadId);
    return true;
  },
});
