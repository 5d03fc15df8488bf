import type { LoggedActivity } from '../../domain/activities/activity.js';
import { dueBound, toTodoView } from '../../domain/activities/todo.js';
import { changeTodo, createTodo, loadTodo } from '../../domain/activities/todo-use-cases.js';
import { systemRuntime } from '../../domain/audit/system-runtime.js';
import { todoDeps, todoLists } from '../../deps/todo-deps.js';
import { visibleThread } from '../../deps/visible-mail.js';
import { activityDeps } from '../../deps/workspace-deps.js';
import { actorOf } from '../actor.js';
import { getTodoOp, listTodosOp, messageTodoOp, patchTodoOp, threadTodoOp, threadTodosOp, todoCountsOp } from '../contracts/todos.js';
import { implement, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { pageLimit, pageReply, readCursor } from '../page-cursor.js';

const reply = (a: LoggedActivity, status = 200) => ({ status, body: toTodoView(a, systemRuntime.now()), headers: { etag: etagOf(a.version) } });
const viewNow = () => { const now = systemRuntime.now(); return (a: LoggedActivity) => toTodoView(a, now); };
const assigneeOf = (assignee: string | undefined, userId: string) => (assignee === undefined || assignee === 'me' ? userId : assignee);

/** To-dos and appointments made from mail, the assignee's lists and badges, and a thread's to-dos. */
export const todoRoutes: Operation[] = [
  implement(threadTodoOp, async (r) => reply(await createTodo(todoDeps(r.auth), actorOf(r), { threadId: r.params.id }, { ...r.body, kind: r.body.kind ?? 'todo' }), 201)),
  implement(messageTodoOp, async (r) => reply(await createTodo(todoDeps(r.auth), actorOf(r), { messageId: r.params.id }, { ...r.body, kind: r.body.kind ?? 'todo' }), 201)),
  implement(getTodoOp, async ({ auth, params }) => reply(await loadTodo(activityDeps(), auth.spaceId, params.id))),
  implement(patchTodoOp, async (r) => reply(await changeTodo(activityDeps(), actorOf(r), r.params.id, expectedVersion(r.headers), r.body))),
  implement(listTodosOp, async (r) => {
    const state = r.query.state ?? 'open';
    const before = dueBound(state, r.query.overdue ?? false, r.query.dueBefore, systemRuntime.now());
    const query = { owner: { assigneeId: assigneeOf(r.query.assignee, r.auth.userId) }, state, ...(before ? { before } : {}) };
    const page = await todoLists().list(r.auth.spaceId, query, pageLimit(r.query.limit), await readCursor(listTodosOp, r));
    return pageReply(listTodosOp, r, page, viewNow());
  }),
  implement(todoCountsOp, async (r) => {
    const assigneeId = assigneeOf(r.query.assignee, r.auth.userId);
    const asOf = systemRuntime.now().toISOString();
    const owner = { assigneeId };
    const [open, overdue] = await Promise.all([
      todoLists().count(r.auth.spaceId, { owner, state: 'open' }), todoLists().count(r.auth.spaceId, { owner, state: 'open', before: asOf }),
    ]);
    return { body: { assigneeId, open, overdue, asOf } };
  }),
  implement(threadTodosOp, async (r) => {
    await visibleThread(r.auth, r.params.id);
    const query = { owner: { threadId: r.params.id }, state: r.query.state ?? 'open' } as const;
    const page = await todoLists().list(r.auth.spaceId, query, pageLimit(r.query.limit), await readCursor(threadTodosOp, r));
    return pageReply(threadTodosOp, r, page, viewNow());
  }),
];
