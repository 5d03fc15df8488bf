import { once } from '../shared/config/config.js';
import { systemRuntime } from '../shared/domain/audit/system-runtime.js';
import { toLoggedActivityView, type LoggedActivity } from '../shared/domain/activities/activity.js';
import { changeActivity, deleteActivity, loadActivity, logActivity, type ActivityDeps } from '../shared/domain/activities/log-activity.js';
import { createActivityOp, deleteActivityOp, getActivityOp, patchActivityOp } from '../shared/http/contracts/workspace.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';
import { etagOf, expectedVersion } from '../shared/http/if-match.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { defaultTable } from '../shared/store/dynamo.js';
import { createLoggedActivityStore } from '../shared/store/logged-activity-store.js';
import { createWorkspaceLookup } from '../shared/store/workspace-lookup.js';

const deps = once((): ActivityDeps => {
  const t = defaultTable();
  return { activities: createLoggedActivityStore(t), lookup: createWorkspaceLookup(t), rt: systemRuntime };
});
const actorOf = (r: { auth: { spaceId: string; userId: string }; requestId: string }) => ({ spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId });
const reply = (a: LoggedActivity, status = 200) => ({ status, body: toLoggedActivityView(a), headers: { etag: etagOf(a.version) } });

/** The customer workspace: logged activities (the timelines are served with the mail). */
export const handler = httpHandler(...recordingStaff(
  implement(createActivityOp, async (r) => reply(await logActivity(deps(), actorOf(r), {
    ...r.body, ownerId: r.body.ownerId ?? r.auth.userId, staffIds: r.body.staffIds ?? [], contactIds: r.body.contactIds ?? [], companyIds: r.body.companyIds ?? [],
  }), 201)),
  implement(getActivityOp, async ({ auth, params }) => reply(await loadActivity(deps(), auth.spaceId, params.id))),
  implement(patchActivityOp, async (r) => reply(await changeActivity(deps(), actorOf(r), r.params.id, expectedVersion(r.headers), r.body))),
  implement(deleteActivityOp, async (r) => {
    const version = r.headers['if-match'] === undefined ? undefined : expectedVersion(r.headers);
    await deleteActivity(deps(), actorOf(r), r.params.id, version);
    return { status: 204 };
  }),
));
