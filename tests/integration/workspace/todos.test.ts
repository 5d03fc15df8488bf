import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { apiFetch, useLocalStackEnv } from '../../support/local-stack.js';
import { addMessage } from '../orders/order-fixtures.js';

type Todo = { id: string; title: string; state: string; overdue: boolean; version: number; assigneeId: string; due: string | null; start: string | null };
const unfold = (text: string) => text.replace(/\r\n /g, '');
const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((t) => t.id);

/** A Space with staff ann and bob (both have used it) and one mail from Jane, linked to her contact by hand. */
async function aSpace(subject = 'Quote for 50 widgets') {
  useLocalStackEnv();
  const spaceId = newSpaceId();
  const admin = apiAs(spaceId, 'admin', 'admin-1');
  const ann = apiAs(spaceId, 'staff', 'ann');
  const bob = apiAs(spaceId, 'staff', 'bob');
  await Promise.all([ann.get('/todos'), bob.get('/todos')]);
  const northwind = (await admin.post('/companies', { name: 'Northwind' })).body.id as string;
  const jane = (await admin.post('/contacts', { name: 'Jane Doe', emails: [`jane@northwind-${spaceId}.example`], companyId: northwind })).body.id as string;
  const mail = await addMessage(spaceId, `jane@northwind-${spaceId}.example`, { subject });
  expect((await admin.post(`/threads/${mail.threadId}/links`, { contactId: jane })).status).toBe(200);
  return { spaceId, admin, ann, bob, jane, northwind, ...mail };
}

const complete = (api: Api, todo: { id: string }, version: number) =>
  api.patch(`/todos/${todo.id}`, { done: true }, { headers: { 'if-match': `"${version}"` } });

describe('to-dos and appointments from mail, through the HTTP API', () => {
  it('makes a to-do from a thread and an appointment from a message, on the contact\'s timeline, the lists, the thread and the calendar', async () => {
    const { ann, bob, jane, northwind, threadId, messageId } = await aSpace();

    const todo = await ann.post(`/threads/${threadId}/todos`, { due: '2030-03-06', timeZone: 'Europe/Berlin', assigneeId: 'bob' });
    const visit = await ann.post(`/messages/${messageId}/todos`, { kind: 'appointment', title: 'Site visit', start: '2030-03-10T14:00', end: '2030-03-10T15:30', timeZone: 'Europe/Berlin' });
    const bobs = await bob.get('/todos');
    const annsForBob = await ann.get('/todos?assignee=bob');
    const anns = await ann.get('/todos');
    const timeline = await ann.get(`/contacts/${jane}/activity`);
    const companyTimeline = await ann.get(`/companies/${northwind}/activity`);
    const onThread = await bob.get(`/threads/${threadId}/todos`);
    const feed = await bob.post('/me/calendar-feed');
    const bobCalendar = unfold(await (await apiFetch(feed.body.path)).text());
    const annFeed = await ann.post('/me/calendar-feed');
    const annCalendar = unfold(await (await apiFetch(annFeed.body.path)).text());

    expect(todo.status).toBe(201);
    expect(todo.headers.get('etag')).toBe('"1"');
    expect(todo.body).toMatchObject({
      kind: 'todo', title: 'Quote for 50 widgets', state: 'open', overdue: false, assigneeId: 'bob', createdBy: 'ann', threadId, messageId: null,
      contactIds: [jane], dueDate: '2030-03-06', due: '2030-03-06T22:59:59.999Z', timeZone: 'Europe/Berlin',
    });
    expect(visit.status).toBe(201);
    expect(visit.body).toMatchObject({ kind: 'appointment', title: 'Site visit', assigneeId: 'ann', messageId, threadId, start: '2030-03-10T13:00:00.000Z', end: '2030-03-10T14:30:00.000Z', due: null });
    expect(ids(bobs)).toEqual([todo.body.id]);
    expect(ids(annsForBob)).toEqual([todo.body.id]);
    expect(ids(anns)).toEqual([visit.body.id]);
    expect(timeline.body.items.filter((i: { kind: string }) => i.kind === 'activity').map((i: { activityId: string; type: string }) => [i.activityId, i.type]))
      .toEqual([[visit.body.id, 'meeting'], [todo.body.id, 'task']]);
    expect(companyTimeline.body.items.filter((i: { kind: string }) => i.kind === 'activity').map((i: { activityId: string }) => i.activityId))
      .toEqual([visit.body.id, todo.body.id]);
    expect(todo.body.companyIds).toEqual([northwind]);
    expect(ids(onThread)).toEqual([todo.body.id, visit.body.id]);
    expect(bobCalendar).toContain(`UID:${todo.body.id}@`);
    expect(bobCalendar).toContain('DUE;VALUE=DATE:20300306');
    expect(annCalendar).toContain(`UID:${visit.body.id}@`);
    expect(annCalendar).toContain('DTSTART:20300310T130000Z\r\nDTEND:20300310T143000Z');
  });

  it('lists overdue ones soonest first, narrows by dueBefore, pages, counts badges, and moves lists on complete and reassign', async () => {
    const { ann, bob, admin, threadId } = await aSpace();
    const make = async (due: string) => (await ann.post(`/threads/${threadId}/todos`, { title: `Due ${due}`, due })).body as Todo;
    const later = await make('2030-01-01T09:00:00Z');
    const oldest = await make('2020-01-01T09:00:00Z');
    const old = await make('2021-06-01');

    const open = await ann.get('/todos');
    const overdue = await ann.get('/todos?overdue=true');
    const before = await ann.get(`/todos?dueBefore=${encodeURIComponent('2020-06-01T00:00:00Z')}`);
    const first = await ann.get('/todos?limit=2');
    const second = await ann.get(`/todos?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    const counts = await ann.get('/todos/counts');
    const completed = await complete(ann, oldest, 1);
    const reassigned = await ann.patch(`/todos/${later.id}`, { assigneeId: 'bob' }, { headers: { 'if-match': '"1"' } });
    const annAfter = await ann.get('/todos');
    const annDone = await ann.get('/todos?state=done');
    const bobAfter = await bob.get('/todos');
    const countsAfter = await ann.get('/todos/counts');
    const doneOverdue = await ann.get('/todos?state=done&overdue=true');
    const audit = await admin.get(`/audit?entity=activity:${oldest.id}`);

    expect(ids(open)).toEqual([oldest.id, old.id, later.id]);
    expect(open.body.items.map((t: Todo) => t.overdue)).toEqual([true, true, false]);
    expect(ids(overdue)).toEqual([oldest.id, old.id]);
    expect(ids(before)).toEqual([oldest.id]);
    expect([...ids(first), ...ids(second)]).toEqual([oldest.id, old.id, later.id]);
    expect(second.body.nextCursor).toBeNull();
    expect(counts.body).toMatchObject({ assigneeId: 'ann', open: 3, overdue: 2 });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ state: 'done', overdue: false, version: 2 });
    expect(completed.headers.get('etag')).toBe('"2"');
    expect(reassigned.body).toMatchObject({ assigneeId: 'bob', version: 2 });
    expect(ids(annAfter)).toEqual([old.id]);
    expect(ids(annDone)).toEqual([oldest.id]);
    expect(ids(bobAfter)).toEqual([later.id]);
    expect(countsAfter.body).toMatchObject({ open: 1, overdue: 1 });
    expect(doneOverdue.status).toBe(400);
    expect(doneOverdue.body.errors[0].pointer).toBe('#/overdue');
    const update = audit.body.items.find((a: { action: string }) => a.action === 'update');
    expect(update).toMatchObject({ userId: 'ann', changes: { doneAt: { old: null, new: completed.body.doneAt } } });
  });

  it('lets exactly one of 20 concurrent completes with the same If-Match win; the others get 412 and write nothing', async () => {
    const { ann, admin, threadId } = await aSpace();
    const todo = (await ann.post(`/threads/${threadId}/todos`, { due: '2030-03-06T10:00:00Z' })).body as Todo;

    const replies = await Promise.all(Array.from({ length: 20 }, () => complete(ann, todo, 1)));
    const after = await ann.get(`/todos/${todo.id}`);
    const audit = await admin.get(`/audit?entity=activity:${todo.id}`);

    const statuses = replies.map((r) => r.status).sort();
    console.info(`20 concurrent completes: ${statuses.filter((s) => s === 200).length} × 200, ${statuses.filter((s) => s === 412).length} × 412`);
    expect(statuses).toEqual([200, ...Array<number>(19).fill(412)]);
    expect(replies.filter((r) => r.status === 412).every((r) => r.body.type.endsWith('/version-mismatch'))).toBe(true);
    expect(after.body).toMatchObject({ state: 'done', version: 2 });
    expect(audit.body.items.filter((a: { action: string }) => a.action === 'update')).toHaveLength(1);
  }, 60_000);

  it('hides a restricted thread\'s to-dos from whoever may not see it, and asks for a title when the subject is private', async () => {
    const { admin, ann, bob, threadId, messageId } = await aSpace('Salary review for Jane');
    const read = await admin.get(`/threads/${threadId}`);
    await admin.patch(`/threads/${threadId}`, { privacy: 'metadata' }, { headers: { 'if-match': read.headers.get('etag')! } });

    const untitled = await admin.post(`/threads/${threadId}/todos`, { due: '2030-03-06' });
    const untitledFromMessage = await admin.post(`/messages/${messageId}/todos`, { due: '2030-03-06' });
    const titled = await admin.post(`/threads/${threadId}/todos`, { title: 'Follow up', due: '2030-03-06', assigneeId: 'ann' });
    const read2 = await admin.get(`/threads/${threadId}`);
    await admin.patch(`/threads/${threadId}`, { restricted: true, assigneeId: 'ann' }, { headers: { 'if-match': read2.headers.get('etag')! } });
    const byBob = await bob.post(`/threads/${threadId}/todos`, { title: 'Sneaky', due: '2030-03-06' });
    const listByBob = await bob.get(`/threads/${threadId}/todos`);
    const listByAnn = await ann.get(`/threads/${threadId}/todos`);

    expect(untitled.status).toBe(400);
    expect(untitled.body.errors[0].pointer).toBe('#/title');
    expect(untitledFromMessage.status).toBe(400);
    expect(titled.status).toBe(201);
    expect(byBob.status).toBe(404);
    expect(listByBob.status).toBe(404);
    expect(ids(listByAnn)).toEqual([titled.body.id]);
  });

  it('refuses an unknown assignee and a thread that is not there, 404s an activity that is not a to-do, and drops a deleted one from the lists', async () => {
    const { ann, jane, threadId } = await aSpace();
    const call = await ann.post('/activities', { type: 'call', subject: 'Hello', at: '2030-01-01T10:00:00Z', contactIds: [jane] });

    const stranger = await ann.post(`/threads/${threadId}/todos`, { due: '2030-03-06', assigneeId: 'mallory' });
    const noThread = await ann.post(`/threads/${'f'.repeat(32)}/todos`, { title: 'x', due: '2030-03-06' });
    const notATodo = await ann.get(`/todos/${call.body.id}`);
    const withoutIfMatch = await ann.patch(`/todos/${call.body.id}`, { done: true });
    const todo = (await ann.post(`/threads/${threadId}/todos`, { due: '2030-03-06' })).body as Todo;
    const listedBefore = ids(await ann.get('/todos'));
    const deleted = await ann.delete(`/activities/${todo.id}`);
    const listedAfter = ids(await ann.get('/todos'));
    const onThreadAfter = ids(await ann.get(`/threads/${threadId}/todos`));

    expect(stranger.status).toBe(400);
    expect(stranger.body.errors[0].pointer).toBe('#/assigneeId');
    expect(noThread.status).toBe(404);
    expect(notATodo.status).toBe(404);
    expect(withoutIfMatch.status).toBe(428);
    expect(listedBefore).toEqual([todo.id]);
    expect(deleted.status).toBe(204);
    expect([listedAfter, onThreadAfter]).toEqual([[], []]);
  });
});
