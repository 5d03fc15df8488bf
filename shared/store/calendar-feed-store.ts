import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CalendarFeedStore } from '../domain/activities/calendar-feed.js';
import type { CalendarEntry } from '../domain/activities/icalendar.js';
import { putAudit } from './audit-store.js';
import type { TableRef } from './dynamo.js';
import { calendarFeedKey, calendarFeedOwnerKey, staffCalendarPartition } from './keys.js';
import { onTable, transact, type TxItem } from './transact.js';

/** Feed tokens and calendar lines (access-patterns.md "calendar feed ..."). */
export function createCalendarFeedStore(t: TableRef): CalendarFeedStore {
  const current = async (spaceId: string, userId: string) =>
    (await t.client.send(new GetCommand({ TableName: t.table, Key: calendarFeedOwnerKey(spaceId, userId), ConsistentRead: true }))).Item;
  /** The pointer must still name what was read, so two rotations never leave two live tokens. */
  const swap = async (spaceId: string, userId: string, next: string | undefined, audit: Parameters<CalendarFeedStore['revoke']>[2]) => {
    const before = await current(spaceId, userId);
    const previous = before?.secretHash as string | undefined;
    const pointer: TxItem = next === undefined
      ? { action: { Delete: { TableName: '', Key: calendarFeedOwnerKey(spaceId, userId), ...(previous ? { ConditionExpression: 'secretHash = :h', ExpressionAttributeValues: { ':h': previous } } : {}) } } }
      : { action: { Put: {
        TableName: '', Item: { ...calendarFeedOwnerKey(spaceId, userId), entity: 'calendar-feed-owner', v: 1, secretHash: next, at: audit.at },
        ConditionExpression: previous ? 'secretHash = :h' : 'attribute_not_exists(pk)', ...(previous ? { ExpressionAttributeValues: { ':h': previous } } : {}),
      } } };
    await transact(t, onTable(t.table, [
      pointer,
      ...(previous ? [{ action: { Delete: { TableName: '', Key: calendarFeedKey(spaceId, previous) } } }] : []),
      ...(next ? [{ action: { Put: { TableName: '', Item: { ...calendarFeedKey(spaceId, next), entity: 'calendar-feed', v: 1, userId, createdAt: audit.at } } } }] : []),
      putAudit(audit),
    ]));
  };
  return {
    rotate: (spaceId, userId, secretHash, audit) => swap(spaceId, userId, secretHash, audit),
    revoke: (spaceId, userId, audit) => swap(spaceId, userId, undefined, audit),
    async findUser(spaceId, secretHash) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: calendarFeedKey(spaceId, secretHash), ConsistentRead: true }));
      return typeof out.Item?.userId === 'string' ? out.Item.userId : undefined;
    },
    async listEntries(spaceId, userId, from, limit) {
      const out = await t.client.send(new QueryCommand({
        TableName: t.table, KeyConditionExpression: 'pk = :p AND sk >= :from', Limit: limit,
        ExpressionAttributeValues: { ':p': staffCalendarPartition(spaceId, userId), ':from': from },
      }));
      return (out.Items ?? []).map((i) => ({ ...(i as unknown as CalendarEntry), activityId: String(i.activityId) }));
    },
  };
}
