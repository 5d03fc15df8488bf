import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../domain/audit/audit-entry.js';
import { VersionMismatchError } from '../domain/errors.js';
import type { DeletedThread, DeletionHistory, DeletionMark, Owner } from '../domain/threads/delete-thread.js';
import type { MailPurge } from '../domain/threads/delete-mail-job.js';
import type { MessageRecord } from '../domain/threads/ports.js';
import { auditItem, putAudit } from './audit-store.js';
import { batchWrite } from './batch.js';
import type { TableRef } from './dynamo.js';
import { reindexThread, toInboxThread } from './inbox-index.js';
import {
  activityKey, addressMessageKey, messageClaimKey, messageKey, statsEventKey, threadInboxKey, threadKey, threadMemberKey, timelineKey, type Key,
} from './keys.js';
import { toMessageRecord } from './message-store.js';
import { isConditionFailure, itemDoesNotExist, onTable, transact } from './transact.js';

/** The timeline reference of a deletion's history line (sort key `<at>#del#<threadId>`). */
export const deletionRef = (threadId: string): string => `del#${threadId}`;

const ownersOf = (m: MessageRecord): Owner[] =>
  [...m.contactIds.map((id) => ({ kind: 'contact' as const, id })), ...m.companyIds.map((id) => ({ kind: 'company' as const, id }))];

/** The timeline and address-index lines a message put (the linker and staff links). */
const linesOf = (spaceId: string, m: MessageRecord): Key[] => [
  ...ownersOf(m).map((o) => activityKey(spaceId, o.kind, o.id, m.date, m.id)),
  ...m.participants.map((a) => addressMessageKey(spaceId, a, m.date, m.id)),
];

/** A thread read consistently for a delete: as the inbox sees it, its message ids, and its deletion mark when deleted already. */
export async function getDeletableThread(t: TableRef, spaceId: string, threadId: string): Promise<(DeletedThread & { messageIds: string[]; deletedMessageIds: string[] }) | undefined> {
  const out = await t.client.send(new GetCommand({ TableName: t.table, Key: threadKey(spaceId, threadId), ConsistentRead: true }));
  if (!out.Item || out.Item.lastMessageAt === undefined) return undefined;
  const ids = (name: string) => [...((out.Item![name] as Set<string> | undefined) ?? [])].sort();
  return {
    ...toInboxThread(out.Item), messageIds: ids('messageIds'), deletedMessageIds: ids('deletedMessageIds'),
    ...(out.Item.deletion ? { deletion: out.Item.deletion as DeletionMark } : {}),
  };
}

/** Deleting mail on DynamoDB: the thread's mark, the lines it takes away and leaves, and the removal (access-patterns.md). */
export function createMailDeletion(t: TableRef) {
  return {
    /** The deletion mark and its audit row in one transaction, at the version read; then the thread leaves the inbox index. @throws VersionMismatchError */
    async markDeleted(spaceId: string, threadId: string, expected: number, mark: DeletionMark, audit: AuditEntry): Promise<void> {
      await transact(t, onTable(t.table, [
        {
          action: { Update: {
            TableName: '', Key: threadKey(spaceId, threadId),
            UpdateExpression: 'SET deletion = :mark, #version = :next ADD rev :one',
            ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(deletion) AND ${expected === 0 ? '(attribute_not_exists(#version) OR #version = :expected)' : '#version = :expected'}`,
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':mark': mark, ':next': expected + 1, ':expected': expected, ':one': 1 },
          } },
          onConditionFailed: (old) => new VersionMismatchError(Number(old?.version ?? 0)),
        },
        putAudit(audit),
      ]));
      await reindexThread(t, spaceId, threadId);
    },

    async removeLines(m: MessageRecord): Promise<void> {
      await batchWrite(t, [], linesOf(m.spaceId, m));
    },

    async putHistory(spaceId: string, owners: readonly Owner[], line: DeletionHistory): Promise<void> {
      await batchWrite(t, owners.map((o) => ({ ...timelineKey(spaceId, o.kind, o.id, line.at, deletionRef(line.threadId)), entity: 'timeline', kind: 'deleted_mail', ...line })));
    },

    async audit(a: AuditEntry): Promise<void> {
      await t.client.send(new PutCommand({ TableName: t.table, Item: auditItem(a), ConditionExpression: itemDoesNotExist }))
        .catch((error: unknown) => { if (!isConditionFailure(error)) throw error; });
    },

    ...purge(t),
  };
}

function purge(t: TableRef): MailPurge {
  return {
    async purgeMessages(spaceId, ids, deletedAt) {
      const keys: string[] = [];
      for (const id of ids) {
        const out = await t.client.send(new GetCommand({ TableName: t.table, Key: messageKey(spaceId, id), ConsistentRead: true }));
        if (!out.Item) continue;
        const m = toMessageRecord(out.Item);
        keys.push(m.rawKey, ...(m.parsedKey ? [m.parsedKey] : []), ...m.attachments.map((a) => a.key).filter((k) => k !== ''));
        // The identity stays claimed, by a tombstone that holds no mail: the linker skips this mail if a sync meets it again.
        await t.client.send(new PutCommand({ TableName: t.table, Item: { ...messageClaimKey(spaceId, id), entity: 'message-claim', v: 1, contentSha256: m.contentSha256, deletedAt } }));
        const stats = [...ownersOf(m), { kind: 'space' as const, id: '-' }]
          .flatMap((o) => [`msg#${id}`, `msg#${id}#deleted`].map((e) => statsEventKey(spaceId, o.kind, o.id, e)));
        await batchWrite(t, [], [...linesOf(spaceId, m), ...stats, threadMemberKey(spaceId, m.threadId, m.date, id)]);
        // A message deleted alone is still named by its thread until now.
        await t.client.send(new UpdateCommand({
          TableName: t.table, Key: threadKey(spaceId, m.threadId), UpdateExpression: 'DELETE deletedMessageIds :id',
          ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':id': new Set([id]) },
        })).catch((error: unknown) => { if (!isConditionFailure(error)) throw error; });
        // Last: while the message item exists, a retry finds what is left to remove.
        await batchWrite(t, [], [messageKey(spaceId, id)]);
      }
      return keys;
    },

    async purgeThreadIfEmpty(spaceId, threadId) {
      const left = await t.client.send(new QueryCommand({
        TableName: t.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)', ConsistentRead: true, Limit: 1,
        ExpressionAttributeValues: { ':pk': threadKey(spaceId, threadId).pk, ':msg': 'msg#' },
      }));
      if ((left.Items ?? []).length > 0) return false;
      // Finishes an index removal a crash left half done before the bookkeeping that names it goes.
      await reindexThread(t, spaceId, threadId);
      await batchWrite(t, [], [threadKey(spaceId, threadId), threadInboxKey(spaceId, threadId)]);
      return true;
    },
  };
}
