import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../domain/audit/audit-entry.js';
import { NotFoundError, VersionMismatchError } from '../domain/errors.js';
import type { DeletionMark } from '../domain/threads/delete-thread.js';
import { ThreadMovedError, type DeletableMessage, type ThreadAfterRemoval } from '../domain/threads/delete-message.js';
import type { MessageRecord, ThreadMessage } from '../domain/threads/ports.js';
import { putAudit } from './audit-store.js';
import type { TableRef } from './dynamo.js';
import { reindexThread } from './inbox-index.js';
import { messageKey, threadKey, threadMemberKey, threadsIndex } from './keys.js';
import { toMessageRecord } from './message-store.js';
import { createThreadMembers } from './thread-members.js';
import { onTable, transact } from './transact.js';

const PAGE = 500;

/** A message read consistently for a delete, with its deletion mark when deleted already. */
export async function getDeletableMessage(t: TableRef, spaceId: string, id: string): Promise<DeletableMessage | undefined> {
  const out = await t.client.send(new GetCommand({ TableName: t.table, Key: messageKey(spaceId, id), ConsistentRead: true }));
  return out.Item ? toMessageRecord(out.Item) as DeletableMessage : undefined;
}

/** Deleting one message on DynamoDB: its mark, its thread's recomputed summary and the audit row (access-patterns.md). */
export function createMessageDeletion(t: TableRef) {
  return {
    async remainingMessages(spaceId: string, threadId: string, exceptId: string): Promise<ThreadMessage[]> {
      const members = createThreadMembers(t);
      const all: ThreadMessage[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await members.pageMembers(spaceId, threadId, PAGE, false, startKey);
        all.push(...page.items.filter((m) => m.id !== exceptId));
        startKey = page.lastKey;
      } while (startKey);
      return all;
    },

    /**
     * One transaction: the message's mark, its thread-member item gone, the thread's summary from
     * the remaining messages (the id moves from `messageIds` to `deletedMessageIds`, so a purge or a
     * later thread delete still finds it), the version bumped and the audit row; then the index.
     */
    async markMessageDeleted(m: MessageRecord, expected: number, seen: { lastMessageAt: string; messageCount: number }, after: ThreadAfterRemoval, mark: DeletionMark, audit: AuditEntry): Promise<void> {
      const index = threadsIndex(m.spaceId, after.lastMessageAt, m.threadId);
      const participants = after.participants.length > 0;
      await transact(t, onTable(t.table, [
        {
          action: { Update: {
            TableName: '', Key: messageKey(m.spaceId, m.id), UpdateExpression: 'SET deletion = :mark',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletion)', ExpressionAttributeValues: { ':mark': mark },
          } },
          onConditionFailed: () => new NotFoundError('message', m.id),
        },
        {
          action: { Update: {
            TableName: '', Key: threadKey(m.spaceId, m.threadId),
            UpdateExpression: `SET lastMessageAt = :last, lastSnippet = :snippet, lastSender = :sender, lastDirection = :direction, messageCount = :count, `
              + `gsi1pk = :g1, gsi1sk = :g2, gsi2sk = :s2, #version = :next${participants ? ', participants = :participants' : ''} `
              + `ADD rev :one, deletedMessageIds :mid DELETE messageIds :mid${participants ? '' : ' REMOVE participants'}`,
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletion) AND contains(messageIds, :id) AND lastMessageAt = :seen AND messageCount = :seenCount AND '
              + (expected === 0 ? '(attribute_not_exists(#version) OR #version = :expected)' : '#version = :expected'),
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: {
              ':last': after.lastMessageAt, ':snippet': after.lastSnippet, ':sender': after.lastSender, ':direction': after.lastDirection, ':count': after.messageCount,
              ':g1': index.gsi1pk, ':g2': index.gsi1sk, ':s2': `${after.lastMessageAt}#${m.threadId}`, ':next': expected + 1, ':expected': expected,
              ':one': 1, ':mid': new Set([m.id]), ':id': m.id, ':seen': seen.lastMessageAt, ':seenCount': seen.messageCount,
              ...(participants ? { ':participants': new Set(after.participants) } : {}),
            },
          } },
          onConditionFailed: (old) => (old === undefined || old.deletion !== undefined || Number(old.version ?? 0) !== expected
            ? new VersionMismatchError(Number(old?.version ?? 0))
            : new ThreadMovedError({ lastMessageAt: String(old.lastMessageAt), messageCount: Number(old.messageCount ?? 0) })),
        },
        { action: { Delete: { TableName: '', Key: threadMemberKey(m.spaceId, m.threadId, m.date, m.id) } } },
        putAudit(audit),
      ]));
      // The thread is searched by the opening words kept at its first index write, which may be the
      // deleted message's: the reindex takes them again from what remains, in its one bookkeeping write.
      await reindexThread(t, m.spaceId, m.threadId, { retakeOpeningWords: true });
    },
  };
}
