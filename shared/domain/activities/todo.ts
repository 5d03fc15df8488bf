import { ValidationError } from '../errors.js';
import { ACTIVITY_LIMITS, type LoggedActivity } from './activity.js';
import { endOfDayUtc, isTimeZone, localTimeToUtc } from './zoned-time.js';

/**
 * To-dos and appointments are logged activities: a to-do is a `task` (due time in `at`), an
 * appointment a `meeting` marked `appointment` (start in `at`, length in `durationMinutes`). Every
 * task is a to-do, wherever it was logged; a meeting logged after the fact is not an appointment.
 */
export const TODO_KINDS = ['todo', 'appointment'] as const;
export type TodoKind = (typeof TODO_KINDS)[number];
export type TodoState = 'open' | 'done';

/** Zone of a to-do that names none: the Space keeps no time zone, so UTC. */
export const DEFAULT_TIME_ZONE = 'UTC';

export const todoKindOf = (a: Pick<LoggedActivity, 'type' | 'appointment'>): TodoKind | undefined =>
  (a.type === 'task' ? 'todo' : a.type === 'meeting' && a.appointment ? 'appointment' : undefined);
export const todoStateOf = (a: Pick<LoggedActivity, 'doneAt'>): TodoState => (a.doneAt ? 'done' : 'open');

/** Open and due (a to-do) or started (an appointment) before `now`. */
export const isOverdue = (a: Pick<LoggedActivity, 'at' | 'doneAt'>, now: Date): boolean => !a.doneAt && Date.parse(a.at) < now.getTime();

/** When as the caller gives it: a day (`2030-03-04`), an instant with offset, or a wall-clock time read in `timeZone`. */
export type WhenInput = string;

const INSTANT = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** An instant from an ISO time with offset, or from a wall-clock time in the zone. @throws ValidationError at `pointer` */
export function instantOf(when: WhenInput, zone: string, pointer: string): string {
  const parsed = INSTANT.test(when) ? Date.parse(when) : Number.NaN;
  const at = Number.isNaN(parsed) ? localTimeToUtc(when, zone) : new Date(parsed).toISOString();
  if (at === undefined) throw new ValidationError([{ pointer, detail: 'must be a date-time, with an offset or in timeZone (2030-03-04T09:30)' }]);
  return at;
}

/** A to-do's due: a day (overdue after its end in the zone) or a time. */
export function dueOf(when: WhenInput, zone: string): { at: string; dueDate?: string } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(when)) {
    const at = endOfDayUtc(when, zone);
    if (at === undefined) throw new ValidationError([{ pointer: '#/due', detail: 'is not a calendar day' }]);
    return { at, dueDate: when };
  }
  return { at: instantOf(when, zone, '#/due') };
}

/** An appointment's start and length from start and end. @throws ValidationError when the end is not after the start or too far */
export function slotOf(start: WhenInput, end: WhenInput, zone: string): { at: string; durationMinutes: number } {
  const at = instantOf(start, zone, '#/start');
  const minutes = (Date.parse(instantOf(end, zone, '#/end')) - Date.parse(at)) / 60_000;
  if (!(minutes > 0) || minutes > ACTIVITY_LIMITS.durationMinutes || !Number.isInteger(minutes)) {
    throw new ValidationError([{ pointer: '#/end', detail: `must be after start, on a whole minute, at most ${ACTIVITY_LIMITS.durationMinutes / 60} hours later` }]);
  }
  return { at, durationMinutes: minutes };
}

/** @throws ValidationError unless the zone is an IANA time zone */
export function checkTimeZone(zone: string | undefined): string {
  if (zone === undefined) return DEFAULT_TIME_ZONE;
  if (!isTimeZone(zone)) throw new ValidationError([{ pointer: '#/timeZone', detail: 'is not an IANA time zone (Europe/Berlin)' }]);
  return zone;
}

/** A to-do or appointment as the API shows it; `overdue` is as of `now`. */
export function toTodoView(a: LoggedActivity, now: Date) {
  const kind = todoKindOf(a) ?? 'todo';
  const end = kind === 'appointment' ? new Date(Date.parse(a.at) + (a.durationMinutes ?? 0) * 60_000).toISOString() : null;
  return {
    id: a.id, kind, title: a.subject, state: todoStateOf(a), overdue: isOverdue(a, now),
    due: kind === 'todo' ? a.at : null, dueDate: a.dueDate ?? null, start: kind === 'appointment' ? a.at : null, end,
    timeZone: a.timeZone ?? null, assigneeId: a.ownerId, threadId: a.threadId ?? null, messageId: a.messageId ?? null,
    contactIds: a.contactIds, companyIds: a.companyIds, notes: a.notes ?? null, doneAt: a.doneAt ?? null,
    createdBy: a.createdBy, createdAt: a.createdAt, updatedAt: a.updatedAt, version: a.version,
  };
}
export type TodoView = ReturnType<typeof toTodoView>;

/**
 * The exclusive upper bound on due time a list reads to: now for `overdue`, `dueBefore`, or the
 * earlier of both. @throws ValidationError for overdue done to-dos (only open ones are overdue)
 */
export function dueBound(state: TodoState, overdue: boolean, dueBefore: string | undefined, now: Date): string | undefined {
  if (overdue && state === 'done') throw new ValidationError([{ pointer: '#/overdue', detail: 'only open to-dos are overdue' }]);
  const bounds = [...(overdue ? [now.toISOString()] : []), ...(dueBefore ? [dueBefore] : [])].sort();
  return bounds[0];
}
