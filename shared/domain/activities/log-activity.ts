import { auditOf, diffFields, type Actor, type Runtime } from '../audit/audit-entry.js';
import { NotFoundError, ValidationError, VersionMismatchError } from '../errors.js';
import { ACTIVITY_AUDITED, type ActivityFields, type LoggedActivity } from './activity.js';
import { checkLinks } from './check-links.js';
import type { LoggedActivityStore, WorkspaceLookup } from './ports.js';
import { todoKindOf } from './todo.js';

export interface ActivityDeps {
  readonly activities: LoggedActivityStore;
  readonly lookup: WorkspaceLookup;
  readonly rt: Runtime;
}

type Patch = { [K in keyof ActivityFields]?: ActivityFields[K] | null };

const staffOf = (f: Pick<ActivityFields, 'ownerId' | 'staffIds'>) =>
  [{ id: f.ownerId, pointer: 'ownerId' }, ...f.staffIds.map((id, i) => ({ id, pointer: `staffIds/${i}` }))];

/** Links checked, companies of the contacts added, and at least one customer to show it on. */
async function linked(deps: ActivityDeps, spaceId: string, f: ActivityFields): Promise<ActivityFields> {
  // A to-do or appointment made from mail nobody is linked to yet still has its thread to show on.
  const onThread = f.threadId !== undefined && todoKindOf(f) !== undefined;
  if (f.contactIds.length === 0 && f.companyIds.length === 0 && !onThread) {
    throw new ValidationError([{ pointer: '#/contactIds', detail: 'an activity needs at least one contact or company' }]);
  }
  const { companyIds } = await checkLinks(deps.lookup, spaceId, { ...f, staff: staffOf(f) });
  return { ...f, contactIds: [...new Set(f.contactIds)], companyIds, staffIds: [...new Set(f.staffIds)].filter((s) => s !== f.ownerId) };
}

/** Loads one activity of the Space. @throws NotFoundError (same for another Space's id) */
export async function loadActivity(deps: Pick<ActivityDeps, 'activities'>, spaceId: string, id: string): Promise<LoggedActivity> {
  const found = await deps.activities.getActivity(spaceId, id);
  if (!found) throw new NotFoundError('activity', id);
  return found;
}

/** Logs a meeting, call, email, visit, note or task on its contacts' and companies' timelines. @throws ValidationError */
export async function logActivity(deps: ActivityDeps, actor: Actor, input: ActivityFields): Promise<LoggedActivity> {
  const fields = await linked(deps, actor.spaceId, input);
  const now = deps.rt.now().toISOString();
  const activity: LoggedActivity = {
    ...fields, spaceId: actor.spaceId, id: deps.rt.newId(), createdBy: actor.userId, createdAt: now, updatedAt: now, version: 1,
  };
  await deps.activities.createActivity(activity, auditOf(deps.rt, actor, 'activity', activity.id, 'create', { details: { type: activity.type } }));
  return activity;
}

/** Changes fields under If-Match (`null` clears an optional one). @throws NotFoundError, VersionMismatchError, ValidationError */
export async function changeActivity(deps: ActivityDeps, actor: Actor, id: string, expectedVersion: number, patch: Patch): Promise<LoggedActivity> {
  const before = await loadActivity(deps, actor.spaceId, id);
  if (before.version !== expectedVersion) throw new VersionMismatchError(before.version);
  const draft: Record<string, unknown> = { ...before };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (v === null) delete draft[k];
    else draft[k] = v;
  }
  // A new time replaces a to-do's due day: `at` is no longer that day's end.
  if (patch.at !== undefined && patch.at !== null && patch.at !== before.at) delete draft.dueDate;
  const fields = await linked(deps, actor.spaceId, draft as unknown as ActivityFields);
  const after: LoggedActivity = { ...(draft as unknown as LoggedActivity), ...fields, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 };
  const changes = diffFields(before, after, ACTIVITY_AUDITED);
  if (Object.keys(changes).length === 0) return before;
  await deps.activities.replaceActivity(before, after, auditOf(deps.rt, actor, 'activity', id, 'update', { changes }));
  return after;
}

/** Deletes an activity and its timeline and calendar lines; the audit row keeps what it was. @throws NotFoundError, VersionMismatchError */
export async function deleteActivity(deps: ActivityDeps, actor: Actor, id: string, expectedVersion?: number): Promise<void> {
  const before = await loadActivity(deps, actor.spaceId, id);
  if (expectedVersion !== undefined && before.version !== expectedVersion) throw new VersionMismatchError(before.version);
  const snapshot = Object.fromEntries(ACTIVITY_AUDITED.flatMap((k) => (before[k] === undefined ? [] : [[k, before[k]]])));
  await deps.activities.deleteActivity(before, auditOf(deps.rt, actor, 'activity', id, 'delete', { details: { snapshot } }));
}
