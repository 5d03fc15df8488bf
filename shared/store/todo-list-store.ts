import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LoggedActivity } from '../domain/activities/activity.js';
import { todoKindOf, todoStateOf, type TodoState } from '../domain/activities/todo.js';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import { loggedActivityKey, threadTodoPartition, todoListPartition } from './keys.js';
import { pageThrough, type Page } from './page-through.js';

type Item = Record<string, unknown>;

/** Which list to read and how far: `before` is an exclusive upper bound on the due time (or start). */
export interface TodoListQuery {
  readonly owner: { readonly assigneeId: string } | { readonly threadId: string };
  readonly state: TodoState;
  readonly before?: string;
}

const fromItem = (i: Item): LoggedActivity => {
  const { pk: _p, sk: _s, entity: _e, v: _v, ...rest } = i;
  return rest as unknown as LoggedActivity;
};

/** To-do lists in DynamoDB (access-patterns.md "to-dos of a staff user", "to-dos of a thread"). */
export function createTodoListStore(t: TableRef) {
  const partitionOf = (spaceId: string, q: TodoListQuery) =>
    ('assigneeId' in q.owner ? todoListPartition(spaceId, q.state, q.owner.assigneeId) : threadTodoPartition(spaceId, q.state, q.owner.threadId));
  const range = (spaceId: string, q: TodoListQuery) => ({
    KeyConditionExpression: q.before === undefined ? 'pk = :p' : 'pk = :p AND sk < :b',
    ExpressionAttributeValues: { ':p': partitionOf(spaceId, q), ...(q.before === undefined ? {} : { ':b': q.before }) },
  });
  return {
    /**
     * One page of a list, each line read back as its activity: open ones soonest first, done ones
     * latest first. A line whose activity no longer sits in this list is skipped.
     */
    list: (spaceId: string, q: TodoListQuery, limit: number, startKey?: Item): Promise<Page<LoggedActivity>> => pageThrough(t, {
      query: { ...range(spaceId, q), ScanIndexForward: q.state === 'open' },
      keyAttributes: ['pk', 'sk'], limit, ...(startKey ? { startKey } : {}),
      hydrate: async (items) => (await batchGet(t, items.map((i) => loggedActivityKey(spaceId, String(i.activityId))))).map((i) => (i ? fromItem(i) : undefined)),
      accept: (a, item) => todoKindOf(a) !== undefined && todoStateOf(a) === q.state && item.sk === `${a.at}#${a.id}`
        && ('assigneeId' in q.owner ? a.ownerId === q.owner.assigneeId : a.threadId === q.owner.threadId),
    }),

    /** How many lines a list holds up to `before`: a key-only count, so it reads about 100 bytes per to-do. */
    async count(spaceId: string, q: TodoListQuery): Promise<number> {
      let n = 0;
      let start: Item | undefined;
      do {
        const out = await t.client.send(new QueryCommand({ TableName: t.table, ...range(spaceId, q), Select: 'COUNT', ...(start ? { ExclusiveStartKey: start } : {}) }));
        n += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
      return n;
    },
  };
}

export type TodoListStore = ReturnType<typeof createTodoListStore>;
