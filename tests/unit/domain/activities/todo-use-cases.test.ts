import { describe, expect, it } from 'vitest';
import type { LoggedActivity } from '../../../../shared/domain/activities/activity.js';
import type { LoggedActivityStore, TodoSource, WorkspaceLookup } from '../../../../shared/domain/activities/ports.js';
import { dueBound, toTodoView } from '../../../../shared/domain/activities/todo.js';
import { changeActivity } from '../../../../shared/domain/activities/log-activity.js';
import { changeTodo, createTodo, loadTodo, type TodoDeps } from '../../../../shared/domain/activities/todo-use-cases.js';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-entry.js';
import { NotFoundError, ValidationError, VersionMismatchError } from '../../../../shared/domain/errors.js';

const S = 'space-1';
const ann = { spaceId: S, userId: 'ann', requestId: 'r1' };
const THREAD = 'a'.repeat(32);

/** An activity store that keeps records in a map and checks versions like the DynamoDB one. */
function aWorld(source: Partial<TodoSource> = {}) {
  const records = new Map<string, LoggedActivity>();
  const audits: AuditEntry[] = [];
  const activities: LoggedActivityStore = {
    getActivity: async (_s, id) => records.get(id),
    async createActivity(a, audit) { records.set(a.id, a); audits.push(audit); },
    async replaceActivity(before, after, audit) {
      if (records.get(before.id)?.version !== before.version) throw new VersionMismatchError(records.get(before.id)?.version ?? 0);
      records.set(after.id, after);
      audits.push(audit);
    },
    async deleteActivity(a) { records.delete(a.id); },
  };
  const lookup: WorkspaceLookup = {
    contactCompanies: async (_s, ids) => ids.map((id) => (id === 'jane' ? 'northwind' : id === 'solo' ? null : undefined)),
    companiesExist: async (_s, ids) => ids.map((id) => id === 'northwind' || id === 'acme'),
    orderExists: async () => true,
    threadExists: async () => true,
    staffExist: async (_s, ids) => ids.map((id) => id === 'ann' || id === 'bob'),
  };
  let clock = new Date('2030-03-04T10:00:00.000Z');
  let n = 0;
  const deps: TodoDeps = {
    activities, lookup, rt: { now: () => clock, newId: () => `id-${++n}` },
    source: async () => ({ threadId: THREAD, subject: 'Quote for 50 widgets', contactIds: ['jane'], companyIds: [], ...source }),
  };
  return { deps, records, audits, advance: (ms: number) => { clock = new Date(clock.getTime() + ms); } };
}

describe('to-dos and appointments from mail', () => {
  it('titles a to-do with the subject, assigns it to the caller and puts it on the mail\'s contacts and their companies', async () => {
    const { deps } = aWorld();

    const todo = await createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', due: '2030-03-06' });

    expect(todo).toMatchObject({
      type: 'task', subject: 'Quote for 50 widgets', ownerId: 'ann', threadId: THREAD, contactIds: ['jane'], companyIds: ['northwind'],
      dueDate: '2030-03-06', at: '2030-03-06T23:59:59.999Z', version: 1,
    });
  });

  it('leaves out the mail\'s contacts and companies that are no longer live records instead of refusing them', async () => {
    const { deps } = aWorld({ contactIds: ['merged-away', 'jane'], companyIds: ['gone', 'acme'] });

    const todo = await createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', due: '2030-03-06' });

    expect([todo.contactIds, todo.companyIds]).toEqual([['jane'], ['acme', 'northwind']]);
  });

  it('asks for a title when the subject may not be shown to every colleague', async () => {
    const { deps } = aWorld({ subject: undefined });

    const refused = createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', due: '2030-03-06' });

    await expect(refused).rejects.toThrow(ValidationError);
    await expect(refused).rejects.toMatchObject({ errors: [{ pointer: '#/title' }] });
    expect((await createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', title: 'Call back', due: '2030-03-06' })).subject).toBe('Call back');
  });

  it('reads an appointment\'s wall-clock start and end in its zone and keeps its length', async () => {
    const { deps } = aWorld();

    const visit = await createTodo(deps, ann, { messageId: 'm' }, { kind: 'appointment', start: '2030-07-01T14:00', end: '2030-07-01T15:30', timeZone: 'Europe/Berlin', assigneeId: 'bob' });

    expect(visit).toMatchObject({ type: 'meeting', appointment: true, at: '2030-07-01T12:00:00.000Z', durationMinutes: 90, timeZone: 'Europe/Berlin', ownerId: 'bob' });
    expect(toTodoView(visit, new Date('2030-07-01T00:00:00Z'))).toMatchObject({ kind: 'appointment', start: '2030-07-01T12:00:00.000Z', end: '2030-07-01T13:30:00.000Z', due: null });
  });

  it('refuses an unknown assignee, a zone that is not one, a start on a to-do and an end before the start, naming the field', async () => {
    const { deps } = aWorld();
    const pointerOf = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as ValidationError).errors?.[0]?.pointer;

    expect(await pointerOf(createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', due: '2030-03-06', assigneeId: 'mallory' }))).toBe('#/assigneeId');
    expect(await pointerOf(createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', due: '2030-03-06', timeZone: 'Mars/Base' }))).toBe('#/timeZone');
    expect(await pointerOf(createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', due: '2030-03-06', start: '2030-03-06T10:00Z' }))).toBe('#/start');
    expect(await pointerOf(createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo' }))).toBe('#/due');
    expect(await pointerOf(createTodo(deps, ann, { threadId: THREAD }, { kind: 'appointment', start: '2030-03-06T10:00Z', end: '2030-03-06T09:00Z' }))).toBe('#/end');
  });

  it('completes once under If-Match, audits old and new values, and refuses a stale version', async () => {
    const { deps, audits } = aWorld();
    const todo = await createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', due: '2030-03-06T09:00:00Z' });

    const done = await changeTodo(deps, ann, todo.id, 1, { done: true });
    const stale = changeTodo(deps, ann, todo.id, 1, { done: true });
    const again = await changeTodo(deps, ann, todo.id, 2, { done: true });

    expect(done).toMatchObject({ doneAt: '2030-03-04T10:00:00.000Z', version: 2 });
    await expect(stale).rejects.toThrow(VersionMismatchError);
    expect(again.version).toBe(2);
    expect(audits.map((a) => [a.action, a.changes])).toEqual([['create', undefined], ['update', { doneAt: { old: null, new: '2030-03-04T10:00:00.000Z' } }]]);
  });

  it('reopens, reassigns and moves a due day with a new zone', async () => {
    const { deps } = aWorld();
    const todo = await createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', due: '2030-03-06' });
    await changeTodo(deps, ann, todo.id, 1, { done: true });

    const changed = await changeTodo(deps, ann, todo.id, 2, { done: false, assigneeId: 'bob', timeZone: 'Europe/Berlin' });

    expect(changed).toMatchObject({ ownerId: 'bob', dueDate: '2030-03-06', at: '2030-03-06T22:59:59.999Z', timeZone: 'Europe/Berlin', version: 3 });
    expect(changed.doneAt).toBeUndefined();
  });

  it('moves an appointment by its start alone without changing its length, and ends it with a new end', async () => {
    const { deps } = aWorld();
    const visit = await createTodo(deps, ann, { threadId: THREAD }, { kind: 'appointment', start: '2030-03-06T10:00:00Z', end: '2030-03-06T11:00:00Z' });

    const moved = await changeTodo(deps, ann, visit.id, 1, { start: '2030-03-07T08:00:00Z' });
    const longer = await changeTodo(deps, ann, visit.id, 2, { end: '2030-03-07T10:00:00Z' });

    expect([moved.at, moved.durationMinutes]).toEqual(['2030-03-07T08:00:00.000Z', 60]);
    expect([longer.at, longer.durationMinutes]).toEqual(['2030-03-07T08:00:00.000Z', 120]);
  });

  it('drops the due day when PATCH /activities gives the to-do a new time, so the day and the time never disagree', async () => {
    const { deps } = aWorld();
    const todo = await createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', due: '2030-03-06' });

    const moved = await changeActivity(deps, ann, todo.id, 1, { at: '2030-03-09T15:00:00.000Z' });

    expect(moved.at).toBe('2030-03-09T15:00:00.000Z');
    expect(moved.dueDate).toBeUndefined();
    expect(toTodoView(moved, new Date('2030-03-01T00:00:00Z'))).toMatchObject({ due: '2030-03-09T15:00:00.000Z', dueDate: null });
  });

  it('does not treat a logged call as a to-do', async () => {
    const { deps, records } = aWorld();
    records.set('call-1', { ...(await createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', due: '2030-03-06' })), id: 'call-1', type: 'call' });

    await expect(loadTodo(deps, S, 'call-1')).rejects.toThrow(NotFoundError);
    await expect(changeTodo(deps, ann, 'call-1', 1, { done: true })).rejects.toThrow(NotFoundError);
  });

  it('is overdue while open and past due, and lists overdue ones up to now or an earlier dueBefore', async () => {
    const { deps, advance } = aWorld();
    const todo = await createTodo(deps, ann, { threadId: THREAD }, { kind: 'todo', due: '2030-03-04T10:30:00Z' });
    const now = new Date('2030-03-04T11:00:00Z');

    advance(3_600_000);

    expect(toTodoView(todo, now).overdue).toBe(true);
    expect(toTodoView(await changeTodo(deps, ann, todo.id, 1, { done: true }), now).overdue).toBe(false);
    expect(dueBound('open', true, undefined, now)).toBe('2030-03-04T11:00:00.000Z');
    expect(dueBound('open', true, '2030-03-01T00:00:00.000Z', now)).toBe('2030-03-01T00:00:00.000Z');
    expect(dueBound('open', false, undefined, now)).toBeUndefined();
    expect(() => dueBound('done', true, undefined, now)).toThrow(ValidationError);
  });
});
