import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { calendarUsersOf, type LoggedActivity } from '../domain/activities/activity.js';
import type { LoggedActivityStore } from '../domain/activities/ports.js';
import { todoKindOf, todoStateOf } from '../domain/activities/todo.js';
import { ConflictError, VersionMismatchError } from '../domain/errors.js';
import { putAudit } from './audit-store.js';
import type { TableRef } from './dynamo.js';
import { loggedActivityKey, staffCalendarKey, threadTodoKey, timelineKey, todoListKey, type Key } from './keys.js';
import { itemDoesNotExist, onTable, transact, type TxItem } from './transact.js';

type Line = { key: Key; item: Record<string, unknown> };

/** The timeline reference of a logged activity (sort key `<at>#act#<id>`). */
export const activityRef = (id: string): string => `act#${id}`;

/** The summary a timeline shows; the full record is one GET away. */
const summaryOf = (a: LoggedActivity) => ({
  activityId: a.id, type: a.type, at: a.at, subject: a.subject, ownerId: a.ownerId,
  ...(a.durationMinutes !== undefined ? { durationMinutes: a.durationMinutes } : {}),
  ...(a.outcome !== undefined ? { outcome: a.outcome } : {}),
  ...(a.doneAt !== undefined ? { doneAt: a.doneAt } : {}),
});

/** A to-do's or appointment's place in its assignee's list and its thread's, open or done (lists hydrate the activity). */
function todoLinesOf(a: LoggedActivity): Line[] {
  if (todoKindOf(a) === undefined) return [];
  const state = todoStateOf(a);
  const item = { entity: 'todo-line', activityId: a.id };
  return [
    { key: todoListKey(a.spaceId, state, a.ownerId, a.at, a.id), item },
    ...(a.threadId ? [{ key: threadTodoKey(a.spaceId, state, a.threadId, a.at, a.id), item }] : []),
  ];
}

/** Every derived line of an activity: one per contact and company timeline, one per to-do list, one per calendar. */
export function linesOf(a: LoggedActivity): Line[] {
  const summary = summaryOf(a);
  const timeline = (owner: 'contact' | 'company', id: string): Line =>
    ({ key: timelineKey(a.spaceId, owner, id, a.at, activityRef(a.id)), item: { entity: 'timeline', kind: 'activity', ...summary } });
  return [
    ...a.contactIds.map((id) => timeline('contact', id)),
    ...a.companyIds.map((id) => timeline('company', id)),
    ...todoLinesOf(a),
    ...calendarUsersOf(a).map((userId): Line => ({
      key: staffCalendarKey(a.spaceId, userId, a.at, a.id),
      item: {
        entity: 'calendar-entry', ...summary, updatedAt: a.updatedAt, createdAt: a.createdAt, version: a.version,
        ...(a.location !== undefined ? { location: a.location } : {}), ...(a.notes !== undefined ? { notes: a.notes } : {}),
        ...(a.dueDate !== undefined ? { dueDate: a.dueDate } : {}),
      },
    })),
  ];
}

const activityItem = (a: LoggedActivity) => ({ ...loggedActivityKey(a.spaceId, a.id), entity: 'logged-activity', v: 1, ...a });
const put = ({ key, item }: Line): TxItem => ({ action: { Put: { TableName: '', Item: { ...item, ...key } } } });
const del = (key: Key): TxItem => ({ action: { Delete: { TableName: '', Key: key } } });
const sameKey = (a: Key, b: Key) => a.pk === b.pk && a.sk === b.sk;
const atVersion = (version: number) => ({
  ConditionExpression: 'attribute_exists(pk) AND version = :v', ExpressionAttributeValues: { ':v': version },
});
const versionFailure = (old: Record<string, unknown> | undefined) => new VersionMismatchError(Number(old?.version ?? 0));

/** Logged activities in DynamoDB (access-patterns.md: "logged activity by id", "timeline", "calendar"). */
export function createLoggedActivityStore(t: TableRef): LoggedActivityStore {
  return {
    async getActivity(spaceId, id) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: loggedActivityKey(spaceId, id), ConsistentRead: true }));
      if (!out.Item) return undefined;
      const { pk: _p, sk: _s, entity: _e, v: _v, ...rest } = out.Item;
      return rest as unknown as LoggedActivity;
    },
    async createActivity(a, audit) {
      await transact(t, onTable(t.table, [
        { action: { Put: { TableName: '', Item: activityItem(a), ConditionExpression: itemDoesNotExist } }, onConditionFailed: () => new ConflictError('The activity exists') },
        ...linesOf(a).map(put),
        putAudit(audit),
      ]));
    },
    async replaceActivity(before, after, audit) {
      const next = linesOf(after);
      const gone = linesOf(before).filter((old) => !next.some((n) => sameKey(n.key, old.key)));
      await transact(t, onTable(t.table, [
        { action: { Put: { TableName: '', Item: activityItem(after), ...atVersion(before.version) } }, onConditionFailed: versionFailure },
        ...gone.map((l) => del(l.key)),
        ...next.map(put),
        putAudit(audit),
      ]));
    },
    async deleteActivity(a, audit) {
      await transact(t, onTable(t.table, [
        { action: { Delete: { TableName: '', Key: loggedActivityKey(a.spaceId, a.id), ...atVersion(a.version) } }, onConditionFailed: versionFailure },
        ...linesOf(a).map((l) => del(l.key)),
        putAudit(audit),
      ]));
    },
  };
}
