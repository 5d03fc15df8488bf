import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageRecord, ThreadMessage } from '../domain/threads/ports.js';
import type { TableRef } from './dynamo.js';
import { threadMemberKey, threadKey } from './keys.js';
import { queryFrom, type Page } from './page-through.js';
import { isConditionFailure } from './transact.js';

/** The summary fields a thread's message list shows, cut from the message. */
export const toThreadMessage = (m: MessageRecord): ThreadMessage => ({
  id: m.id, threadId: m.threadId, subject: m.subject, date: m.date, from: m.from, to: m.to, cc: m.cc,
  snippet: m.snippet, direction: m.direction, attachmentCount: m.attachments.length,
  ...(m.automated ? { automated: m.automated } : {}), ...(m.orderId ? { orderId: m.orderId } : {}),
});

const fromItem = (item: Record<string, unknown>): ThreadMessage => {
  const { pk: _pk, sk: _sk, entity: _e, ...rest } = item;
  return rest as unknown as ThreadMessage;
};

/**
 * Thread-member items: one small item per message in its thread's partition (sk = msg#date#id), so
 * listing a thread does not copy every message item into GSI1 (write units; access-patterns.md).
 */
export const createThreadMembers = (t: TableRef) => ({
  /** Idempotent: the same message and date always write the same item. */
  async putMember(m: MessageRecord): Promise<void> {
    await t.client.send(new PutCommand({
      TableName: t.table, Item: { ...threadMemberKey(m.spaceId, m.threadId, m.date, m.id), entity: 'thread-member', ...toThreadMessage(m) },
    }));
  },

  async deleteMember(spaceId: string, threadId: string, date: string, id: string): Promise<void> {
    await t.client.send(new DeleteCommand({ TableName: t.table, Key: threadMemberKey(spaceId, threadId, date, id) }));
  },

  /** Shows the order on the thread's message list (no-op when the member item is missing). */
  async setMemberOrder(m: Pick<MessageRecord, 'spaceId' | 'threadId' | 'date' | 'id'>, orderId: string): Promise<void> {
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: threadMemberKey(m.spaceId, m.threadId, m.date, m.id),
      UpdateExpression: 'SET orderId = :o', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':o': orderId },
    })).catch((error: unknown) => { if (!isConditionFailure(error)) throw error; });
  },

  /** The messages of a thread, oldest first. */
  async listMembers(spaceId: string, threadId: string, limit: number): Promise<ThreadMessage[]> {
    const out = await t.client.send(new QueryCommand({
      TableName: t.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
      ExpressionAttributeValues: { ':pk': threadKey(spaceId, threadId).pk, ':msg': 'msg#' }, Limit: limit,
    }));
    return (out.Items ?? []).map(fromItem);
  },

  /** One page of a thread's messages, newest first by default; `lastKey` continues it. */
  async pageMembers(spaceId: string, threadId: string, limit: number, newestFirst: boolean, startKey?: Record<string, unknown>): Promise<Page<ThreadMessage>> {
    const out = await queryFrom(t, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)', ScanIndexForward: !newestFirst,
      ExpressionAttributeValues: { ':pk': threadKey(spaceId, threadId).pk, ':msg': 'msg#' }, Limit: limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }, ['pk', 'sk']);
    return { items: (out.Items ?? []).map(fromItem), ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
  },
});
