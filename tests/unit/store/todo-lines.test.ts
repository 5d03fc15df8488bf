import { describe, expect, it } from 'vitest';
import type { LoggedActivity } from '../../../shared/domain/activities/activity.js';
import { linesOf } from '../../../shared/store/logged-activity-store.js';

const aTask = (over: Partial<LoggedActivity> = {}): LoggedActivity => ({
  spaceId: 'S', id: 'T1', type: 'task', subject: 'Send quote', at: '2030-03-06T09:00:00.000Z', ownerId: 'ann', staffIds: [], contactIds: ['C1'], companyIds: [],
  threadId: 'th1', createdBy: 'ann', createdAt: '2030-03-01T00:00:00.000Z', updatedAt: '2030-03-01T00:00:00.000Z', version: 1, ...over,
});
const todoKeys = (a: LoggedActivity) => linesOf(a).filter((l) => l.item.entity === 'todo-line').map((l) => `${l.key.pk} ${l.key.sk}`);

describe('a to-do\'s list lines', () => {
  it('lists an open task under its assignee and its thread by due time', () => {
    expect(todoKeys(aTask())).toEqual([
      'space#S#todos#open#ann 2030-03-06T09:00:00.000Z#T1',
      'space#S#thread-todos#open#th1 2030-03-06T09:00:00.000Z#T1',
    ]);
  });

  it('moves a done one to the done lists of its new assignee', () => {
    expect(todoKeys(aTask({ doneAt: '2030-03-05T00:00:00.000Z', ownerId: 'bob' }))).toEqual([
      'space#S#todos#done#bob 2030-03-06T09:00:00.000Z#T1',
      'space#S#thread-todos#done#th1 2030-03-06T09:00:00.000Z#T1',
    ]);
  });

  it('lists appointments but not meetings logged after the fact, calls or notes', () => {
    expect(todoKeys(aTask({ type: 'meeting', appointment: true, threadId: undefined }))).toEqual(['space#S#todos#open#ann 2030-03-06T09:00:00.000Z#T1']);
    expect(todoKeys(aTask({ type: 'meeting' }))).toEqual([]);
    expect(todoKeys(aTask({ type: 'call' }))).toEqual([]);
    expect(todoKeys(aTask({ type: 'note' }))).toEqual([]);
  });
});
