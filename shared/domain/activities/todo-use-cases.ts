import { auditOf, diffFields, type Actor } from '../audit/audit-entry.js';
import { NotFoundError, ValidationError, VersionMismatchError } from '../errors.js';
import { ACTIVITY_AUDITED, ACTIVITY_LIMITS as L, type LoggedActivity } from './activity.js';
import { checkLinks } from './check-links.js';
import type { ActivityDeps } from './log-activity.js';
import type { TodoSource } from './ports.js';
import { checkTimeZone, DEFAULT_TIME_ZONE, dueOf, instantOf, slotOf, todoKindOf, type TodoKind } from './todo.js';

export interface TodoDeps extends ActivityDeps {
  /** The thread (or message) a to-do is made from, as the caller may see it. @throws NotFoundError */
  readonly source: (ref: { threadId: string } | { messageId: string }) => Promise<TodoSource>;
}

export interface NewTodo {
  readonly kind: TodoKind;
  readonly title?: string;
  readonly due?: string;
  readonly start?: string;
  readonly end?: string;
  readonly timeZone?: string;
  readonly assigneeId?: string;
  readonly contactIds?: readonly string[];
  readonly companyIds?: readonly string[];
  readonly notes?: string;
}

export interface TodoPatch {
  readonly done?: boolean;
  readonly title?: string;
  readonly due?: string;
  readonly start?: string;
  readonly end?: string;
  readonly timeZone?: string | null;
  readonly assigneeId?: string;
  readonly notes?: string | null;
}

const refuse = (pointer: string, detail: string) => new ValidationError([{ pointer, detail }]);

/** When an input of one kind names a field of the other. */
function checkFieldsOf(kind: TodoKind, f: Pick<NewTodo, 'due' | 'start' | 'end'>): void {
  if (kind === 'todo' && (f.start !== undefined || f.end !== undefined)) throw refuse(f.start !== undefined ? '#/start' : '#/end', 'a to-do has a due, not a start and end');
  if (kind === 'appointment' && f.due !== undefined) throw refuse('#/due', 'an appointment has a start and end, not a due');
}

/** The mail's contacts and companies that are still live records (a merge or archive may have passed them by); the caller named none of them. */
async function liveLinksOf(deps: ActivityDeps, spaceId: string, src: TodoSource) {
  const contacts = src.contactIds.slice(0, L.contacts);
  const companies = src.companyIds.slice(0, L.companies);
  const [ofContacts, known] = await Promise.all([deps.lookup.contactCompanies(spaceId, contacts), deps.lookup.companiesExist(spaceId, companies)]);
  return { contactIds: contacts.filter((_, i) => ofContacts[i] !== undefined), companyIds: companies.filter((_, i) => known[i]) };
}

/** Loads a to-do or appointment of the Space. @throws NotFoundError (also for an activity that is neither) */
export async function loadTodo(deps: Pick<ActivityDeps, 'activities'>, spaceId: string, id: string): Promise<LoggedActivity> {
  const found = await deps.activities.getActivity(spaceId, id);
  if (!found || todoKindOf(found) === undefined) throw new NotFoundError('todo', id);
  return found;
}

/**
 * A to-do or appointment from a thread or message the caller sees: titled with the subject unless
 * given, assigned to the caller unless given, on the thread's contacts and companies unless chosen.
 * @throws NotFoundError for a thread or message the caller may not see; ValidationError
 */
export async function createTodo(deps: TodoDeps, actor: Actor, ref: { threadId: string } | { messageId: string }, input: NewTodo): Promise<LoggedActivity> {
  checkFieldsOf(input.kind, input);
  const src = await deps.source(ref);
  const zone = checkTimeZone(input.timeZone);
  const title = input.title ?? src.subject?.trim().slice(0, L.subject);
  if (!title) throw refuse('#/title', 'the subject is empty or private: give the to-do a title');
  let when: Pick<LoggedActivity, 'at' | 'dueDate' | 'durationMinutes'>;
  if (input.kind === 'todo') {
    if (input.due === undefined) throw refuse('#/due', 'a to-do needs a due date or time');
    when = dueOf(input.due, zone);
  } else {
    if (input.start === undefined || input.end === undefined) throw refuse(input.start === undefined ? '#/start' : '#/end', 'an appointment needs a start and an end');
    when = slotOf(input.start, input.end, zone);
  }
  const ownerId = input.assigneeId ?? actor.userId;
  const fromMail = await liveLinksOf(deps, actor.spaceId, src);
  const contactIds = [...new Set(input.contactIds ?? fromMail.contactIds)];
  const named = input.companyIds ?? fromMail.companyIds;
  const { companyIds } = await checkLinks(deps.lookup, actor.spaceId, { contactIds, companyIds: named, staff: [{ id: ownerId, pointer: 'assigneeId' }] });
  const now = deps.rt.now().toISOString();
  const todo: LoggedActivity = {
    spaceId: actor.spaceId, id: deps.rt.newId(), type: input.kind === 'todo' ? 'task' : 'meeting', subject: title, ...when, ownerId, staffIds: [],
    contactIds, companyIds, threadId: src.threadId, ...(src.messageId ? { messageId: src.messageId } : {}),
    ...(input.kind === 'appointment' ? { appointment: true } : {}), ...(input.timeZone ? { timeZone: zone } : {}),
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
    createdBy: actor.userId, createdAt: now, updatedAt: now, version: 1,
  };
  await deps.activities.createActivity(todo, auditOf(deps.rt, actor, 'activity', todo.id, 'create', { details: { type: todo.type, todo: input.kind, threadId: src.threadId } }));
  return todo;
}

/** The new due time or slot a patch asks for; the zone is the patch's, else the to-do's. */
function rescheduled(before: LoggedActivity, kind: TodoKind, patch: TodoPatch): Partial<LoggedActivity> {
  const zone = patch.timeZone === undefined ? before.timeZone ?? DEFAULT_TIME_ZONE : checkTimeZone(patch.timeZone ?? undefined);
  const zoneField = patch.timeZone === undefined ? {} : { timeZone: patch.timeZone ?? undefined };
  if (kind === 'todo') {
    // A new zone moves the end of a due day with it; a due time is an instant and stays.
    const due = patch.due ?? (patch.timeZone !== undefined && before.dueDate ? before.dueDate : undefined);
    return due === undefined ? zoneField : { ...zoneField, dueDate: undefined, ...dueOf(due, zone) };
  }
  if (patch.end !== undefined) return { ...zoneField, ...slotOf(patch.start ?? before.at, patch.end, zone) };
  // A new start alone keeps the appointment's length.
  return patch.start === undefined ? zoneField : { ...zoneField, at: instantOf(patch.start, zone, '#/start') };
}

/**
 * Completes or reopens, reschedules, reassigns or renames a to-do under If-Match; audited with old
 * and new values. A patch that changes nothing returns the to-do as it is (no new version).
 * @throws NotFoundError, VersionMismatchError, ValidationError
 */
export async function changeTodo(deps: ActivityDeps, actor: Actor, id: string, expectedVersion: number, patch: TodoPatch): Promise<LoggedActivity> {
  const before = await loadTodo(deps, actor.spaceId, id);
  if (before.version !== expectedVersion) throw new VersionMismatchError(before.version);
  const kind = todoKindOf(before) as TodoKind;
  checkFieldsOf(kind, patch);
  if (patch.assigneeId !== undefined) {
    const [known] = await deps.lookup.staffExist(actor.spaceId, [patch.assigneeId]);
    if (!known) throw refuse('#/assigneeId', 'no such staff user in this Space');
  }
  const now = deps.rt.now().toISOString();
  const draft: Record<string, unknown> = {
    ...before, ...rescheduled(before, kind, patch),
    ...(patch.title !== undefined ? { subject: patch.title } : {}),
    ...(patch.assigneeId !== undefined ? { ownerId: patch.assigneeId, staffIds: before.staffIds.filter((s) => s !== patch.assigneeId) } : {}),
    ...(patch.notes !== undefined ? { notes: patch.notes ?? undefined } : {}),
    ...(patch.done === true ? { doneAt: before.doneAt ?? now } : patch.done === false ? { doneAt: undefined } : {}),
  };
  for (const [k, v] of Object.entries(draft)) if (v === undefined) delete draft[k];
  const after = { ...(draft as unknown as LoggedActivity), updatedAt: now, version: before.version + 1 };
  const changes = diffFields(before, after, ACTIVITY_AUDITED);
  if (Object.keys(changes).length === 0) return before;
  await deps.activities.replaceActivity(before, after, auditOf(deps.rt, actor, 'activity', id, 'update', { changes, details: { todo: kind } }));
  return after;
}
