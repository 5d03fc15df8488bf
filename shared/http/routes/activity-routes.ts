import { readFeed, revokeFeedToken, rotateFeedToken } from '../../domain/activities/calendar-feed.js';
import { toLoggedActivityView, type LoggedActivity } from '../../domain/activities/activity.js';
import { changeActivity, deleteActivity, loadActivity, logActivity } from '../../domain/activities/log-activity.js';
import { activityDeps, feedDeps } from '../../deps/workspace-deps.js';
import { actorOf } from '../actor.js';
import { calendarFeedOp, revokeFeedOp, rotateFeedOp } from '../contracts/calendar.js';
import { createActivityOp, deleteActivityOp, getActivityOp, patchActivityOp } from '../contracts/workspace.js';
import { implement, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';

const reply = (a: LoggedActivity, status = 200) => ({ status, body: toLoggedActivityView(a), headers: { etag: etagOf(a.version) } });

/** Logged activities (the timelines are served with the mail) and the staff's calendar feed. */
export const activityRoutes: Operation[] = [
  implement(createActivityOp, async (r) => reply(await logActivity(activityDeps(), actorOf(r), {
    ...r.body, ownerId: r.body.ownerId ?? r.auth.userId, staffIds: r.body.staffIds ?? [], contactIds: r.body.contactIds ?? [], companyIds: r.body.companyIds ?? [],
  }), 201)),
  implement(getActivityOp, async ({ auth, params }) => reply(await loadActivity(activityDeps(), auth.spaceId, params.id))),
  implement(patchActivityOp, async (r) => reply(await changeActivity(activityDeps(), actorOf(r), r.params.id, expectedVersion(r.headers), r.body))),
  implement(deleteActivityOp, async (r) => {
    const version = r.headers['if-match'] === undefined ? undefined : expectedVersion(r.headers);
    await deleteActivity(activityDeps(), actorOf(r), r.params.id, version);
    return { status: 204 };
  }),
  implement(rotateFeedOp, async (r) => {
    const token = await rotateFeedToken(feedDeps(), actorOf(r));
    return { status: 201, body: { token, path: `/calendar/${token}` } };
  }),
  implement(revokeFeedOp, async (r) => {
    await revokeFeedToken(feedDeps(), actorOf(r));
    return { status: 204 };
  }),
  implement(calendarFeedOp, async ({ params }) => ({
    text: await readFeed(feedDeps(), params.token), headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'inline; filename="mailbridge.ics"' },
  })),
];
