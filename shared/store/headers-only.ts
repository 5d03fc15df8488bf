import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageRecord } from '../domain/threads/ports.js';
import type { TableRef } from './dynamo.js';
import { reindexThread } from './inbox-index.js';
import { activityKey, messageKey, threadInboxKey, threadKey, threadMemberKey } from './keys.js';
import { isConditionFailure } from './transact.js';

/** An update that finds its item gone, or changed past its condition, has nothing left to do. */
const quietly = async (t: TableRef, input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<void> => {
  await t.client.send(new UpdateCommand(input)).catch((error: unknown) => { if (!isConditionFailure(error)) throw error; });
};

/**
 * Keeps a stored mail as headers only, as the linker keeps one under `headers_only`: its snippet
 * leaves the thread's message list, its timeline lines and the thread's last snippet (when it is
 * the latest), the thread's search words are taken again from what is left, and the message item
 * loses its attachment list and the flags that send readers to the bucket (text, HTML), then gets
 * `kept: headers` last, so a retry before that redoes every step and none after it is needed. The
 * objects in the mail bucket stay (see docs/mail-rules.md); no read route serves them again.
 */
export async function keepHeadersOnly(t: TableRef, m: MessageRecord, reasons: readonly string[]): Promise<void> {
  const owners = [...m.contactIds.map((id) => ['contact', id] as const), ...m.companyIds.map((id) => ['company', id] as const)];
  await Promise.all([
    quietly(t, {
      TableName: t.table, Key: threadMemberKey(m.spaceId, m.threadId, m.date, m.id), UpdateExpression: 'SET snippet = :e, attachmentCount = :z',
      ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':e': '', ':z': 0 },
    }),
    ...owners.map(([kind, id]) => quietly(t, {
      TableName: t.table, Key: activityKey(m.spaceId, kind, id, m.date, m.id), UpdateExpression: 'SET snippet = :e',
      ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':e': '' },
    })),
  ]);
  if (m.snippet !== '') {
    await quietly(t, {
      TableName: t.table, Key: threadKey(m.spaceId, m.threadId), UpdateExpression: 'SET lastSnippet = :e ADD rev :one',
      ConditionExpression: 'lastMessageAt = :d AND lastSnippet = :s', ExpressionAttributeValues: { ':e': '', ':one': 1, ':d': m.date, ':s': m.snippet },
    });
  }
  // The opening words may be this mail's: forgotten here, the reindex takes them again from the thread as it is now.
  await quietly(t, { TableName: t.table, Key: threadInboxKey(m.spaceId, m.threadId), UpdateExpression: 'REMOVE openingWords', ConditionExpression: 'attribute_exists(pk)' });
  await reindexThread(t, m.spaceId, m.threadId);
  await quietly(t, {
    TableName: t.table, Key: messageKey(m.spaceId, m.id),
    UpdateExpression: 'SET kept = :h, ruleReasons = :r REMOVE attachments, hasHtml, textTruncated, snippet, #text',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(kept)', ExpressionAttributeNames: { '#text': 'text' },
    ExpressionAttributeValues: { ':h': 'headers', ':r': [...reasons] },
  });
}
