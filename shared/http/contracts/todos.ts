import * as z from 'zod';
import { ACTIVITY_LIMITS as L } from '../../domain/activities/activity.js';
import { TODO_KINDS } from '../../domain/activities/todo.js';
import { lineText, noteText } from '../../domain/contacts/text-rules.js';
import { contract } from '../contract.js';
import { companyId, contactId, idParamsOf, messageId, pageFields, pageOf, staffUserId, threadId } from './common.js';
import { createTodoExample, patchTodoExample, todoCountsExample, todoExample } from './todo-examples.js';
import { ok, page } from './workspace-examples.js';

const todoId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'is not an id');
const when = z.string().min(10).max(40).meta({
  description: 'A day (`2030-03-04`, to-dos only), an ISO date-time with offset, or a wall-clock time (`2030-03-04T09:30`) read in `timeZone`',
});
const timeZone = z.string().min(1).max(64).meta({ description: 'IANA time zone (`Europe/Berlin`) of the days and wall-clock times given; UTC when none' });
const state = z.enum(['open', 'done']);
const assignee = z.union([z.literal('me'), staffUserId]).meta({ description: '`me` (the default) or a staff user id' });
const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());

export const createTodoBody = z.strictObject({
  kind: z.enum(TODO_KINDS).optional().meta({ description: '`todo` (the default) or `appointment`' }),
  title: lineText(L.subject).optional().meta({ description: 'The thread\'s or message\'s subject when omitted (required when the subject is private)' }),
  due: when.optional(), start: when.optional(), end: when.optional(), timeZone: timeZone.optional(),
  assigneeId: staffUserId.optional().meta({ description: 'A staff user of the Space; the caller when omitted' }),
  contactIds: z.array(contactId).max(L.contacts).optional().meta({ description: 'The mail\'s contacts when omitted' }),
  companyIds: z.array(companyId).max(L.companies).optional().meta({ description: 'The mail\'s companies (and those of the contacts) when omitted' }),
  notes: noteText(L.notes).optional(),
});
export const patchTodoBody = z.strictObject({
  done: z.boolean().meta({ description: 'true completes (doneAt = now), false reopens' }),
  title: lineText(L.subject), due: when, start: when, end: when, timeZone: timeZone.nullable(), assigneeId: staffUserId, notes: noteText(L.notes).nullable(),
}).partial();

export const todoView = z.object({
  id: z.string(), kind: z.enum(TODO_KINDS), title: z.string(), state, overdue: z.boolean(),
  due: z.string().nullable(), dueDate: z.string().nullable(), start: z.string().nullable(), end: z.string().nullable(), timeZone: z.string().nullable(),
  assigneeId: z.string(), threadId: z.string().nullable(), messageId: z.string().nullable(), contactIds: z.array(z.string()), companyIds: z.array(z.string()),
  notes: z.string().nullable(), doneAt: z.string().nullable(), createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
const todoPage = pageOf(todoView);
const overdue = z.enum(['true', 'false']).transform((v) => v === 'true').optional().meta({ description: '`true`: only open ones due (or started) before now' });
export const listTodosQuery = z.strictObject({
  assignee: assignee.optional(), state: state.optional().meta({ description: '`open` (the default, soonest due first) or `done` (latest due first)' }),
  overdue, dueBefore: instant.optional().meta({ description: 'Only those due (or starting) before this time' }), ...pageFields,
});
export const threadTodosQuery = z.strictObject({ state: state.optional(), ...pageFields });
const countsView = z.object({ assigneeId: z.string(), open: z.number(), overdue: z.number(), asOf: z.string() });

const tag = 'todos';
const fn = 'workspace-api' as const;
const CREATE = 'A to-do (`due`) or appointment (`kind: appointment`, `start`, `end`) from mail the caller sees; titled with the subject, assigned to the caller and on the mail\'s contacts and companies unless given; shown on their timelines and, for appointments, in calendar feeds (404 mail not visible; 400 unknown contact, company or staff user)';
export const threadTodoOp = contract({
  operationId: 'createThreadTodo', method: 'POST', path: '/threads/{id}/todos', fn, tag, params: idParamsOf(threadId), body: createTodoBody, successStatus: 201,
  responses: ok(201, todoView, todoExample, 'Created', ['etag']), problems: ['not-found'], requestExample: createTodoExample, summary: 'Make a to-do or appointment from a thread', description: CREATE,
});
export const messageTodoOp = contract({
  operationId: 'createMessageTodo', method: 'POST', path: '/messages/{id}/todos', fn, tag, params: idParamsOf(messageId), body: createTodoBody, successStatus: 201,
  responses: ok(201, todoView, todoExample, 'Created', ['etag']), problems: ['not-found'], requestExample: createTodoExample, summary: 'Make a to-do or appointment from a message', description: CREATE,
});
export const listTodosOp = contract({
  operationId: 'listTodos', method: 'GET', path: '/todos', fn, tag, query: listTodosQuery, responses: ok(200, todoPage, page(todoExample)),
  summary: 'A staff user\'s to-dos and appointments, open (soonest first) or done (latest first); overdue and dueBefore narrow the range',
  description: 'Reads the assignee\'s list index by due time (or start): a page costs what it holds. Overdue means open and due before now; a to-do due on a day is due until the end of that day in its time zone (UTC when none).',
});
export const todoCountsOp = contract({
  operationId: 'getTodoCounts', method: 'GET', path: '/todos/counts', fn, tag, query: z.strictObject({ assignee: assignee.optional() }), responses: ok(200, countsView, todoCountsExample),
  summary: 'Open and overdue to-dos and appointments of a staff user, for badges', description: 'Counted on the assignee\'s list index (key-only, a few bytes per to-do), as of `asOf`.',
});
export const getTodoOp = contract({
  operationId: 'getTodo', method: 'GET', path: '/todos/{id}', fn, tag, params: z.strictObject({ id: todoId }), responses: ok(200, todoView, todoExample, 'Success', ['etag']),
  problems: ['not-found'], summary: 'A to-do or appointment (ETag = version; 404 when unknown)',
  description: 'Every logged task is a to-do; a meeting is one when made as an appointment. Any other activity is a 404 here (read it at /activities/{id}).',
});
export const patchTodoOp = contract({
  operationId: 'patchTodo', method: 'PATCH', path: '/todos/{id}', fn, tag, params: z.strictObject({ id: todoId }), body: patchTodoBody,
  responses: ok(200, todoView, todoExample, 'Success', ['etag']), problems: ['not-found'], requestHeaders: ['if-match'], requestExample: patchTodoExample,
  summary: 'Complete or reopen, reschedule, reassign or rename a to-do or appointment; audited with old and new values (If-Match required: 428 without, 412 when stale)',
  description: 'A new `start` alone keeps an appointment\'s length. The assignee\'s lists move in the same transaction. `GET /audit?entity=activity:<id>` lists the changes.',
});
export const threadTodosOp = contract({
  operationId: 'listThreadTodos', method: 'GET', path: '/threads/{id}/todos', fn, tag, params: idParamsOf(threadId), query: threadTodosQuery, responses: ok(200, todoPage, page(todoExample)),
  problems: ['not-found'], summary: 'A thread\'s to-dos and appointments, open (soonest first, the default) or done (404 when the caller may not see the thread)',
  description: 'The to-dos made from the thread or its messages (GET /threads/{id} does not embed them). Reads the thread\'s index by due time: a page costs what it holds.',
});

export const todos = [threadTodoOp, messageTodoOp, listTodosOp, todoCountsOp, getTodoOp, patchTodoOp, threadTodosOp];
