import { systemRuntime } from '../../domain/audit/system-runtime.js';
import { canSeeThread, planThreadChange } from '../../domain/inbox/change-thread.js';
import type { InboxThread } from '../../domain/inbox/inbox-thread.js';
import { toInboxCounts, toInboxThreadView } from '../../domain/inbox/inbox-views.js';
import { NotFoundError } from '../../domain/errors.js';
import { toMessageSummaryView } from '../../domain/threads/activity-views.js';
import type { AuthContext } from '../auth.js';
import { inboxCountsOp, listInboxOp, patchThreadOp } from '../contracts/inbox.js';
import { getThreadOp } from '../contracts/mail.js';
import { implement, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { pageLimit, readCursor, writeCursor, type PageRequest } from '../page-cursor.js';
import { readInboxCounts } from '../../store/inbox-index.js';
import { listInbox } from '../../store/inbox-list.js';
import { mailRuntime } from '../../deps/mail-runtime.js';
import { applyThreadChange, getInboxThread } from '../../store/thread-changes.js';
import { createThreadMembers } from '../../store/thread-members.js';
import { pushReadState } from '../../deps/read-state-push.js';

type ThreadRequest = PageRequest & { auth: AuthContext; params: { id: string }; query: { order?: 'newest' | 'oldest'; limit?: number; cursor?: string } };

/** The thread the caller may see. @throws NotFoundError for a missing or restricted one, alike. */
export async function visibleThread(auth: AuthContext, id: string): Promise<InboxThread> {
  const thread = await getInboxThread((await mailRuntime()).table, auth.spaceId, id);
  if (!thread || !canSeeThread(thread, auth.userId, auth.role)) throw new NotFoundError('thread', id);
  return thread;
}

/** The thread with one page of messages, and its version as the ETag. */
async function threadDetail(r: ThreadRequest, thread: InboxThread) {
  const rt = await mailRuntime();
  const startKey = await readCursor(getThreadOp, r);
  const page = await createThreadMembers(rt.table).pageMembers(r.auth.spaceId, thread.id, pageLimit(r.query.limit), r.query.order !== 'oldest', startKey);
  return {
    headers: { etag: etagOf(thread.version) },
    body: { ...toInboxThreadView(thread), messages: page.items.map(toMessageSummaryView), nextCursor: (await writeCursor(getThreadOp, r, page.lastKey)) ?? null },
  };
}

/** The shared inbox: listing and search, counts, a thread with paged messages, staff changes. */
export const inboxRoutes: Operation[] = [
  implement(listInboxOp, async ({ auth, query }) => {
    const rt = await mailRuntime();
    const { limit, cursor: _cursor, ...filter } = query;
    const page = await listInbox(rt.table, auth.spaceId, {
      ...filter, userId: auth.userId, role: auth.role, limit: pageLimit(limit), startKey: await readCursor(listInboxOp, { auth, query }),
    });
    return { body: { items: page.items.map(toInboxThreadView), nextCursor: (await writeCursor(listInboxOp, { auth, query }, page.lastKey)) ?? null } };
  }),
  implement(inboxCountsOp, async ({ auth }) => ({ body: toInboxCounts(await readInboxCounts((await mailRuntime()).table, auth.spaceId), auth.userId) })),
  implement(getThreadOp, async (r) => threadDetail(r, await visibleThread(r.auth, r.params.id))),
  implement(patchThreadOp, async (r) => {
    const expected = expectedVersion(r.headers);
    const rt = await mailRuntime();
    const thread = await visibleThread(r.auth, r.params.id);
    const plan = planThreadChange(systemRuntime, { spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId, role: r.auth.role }, thread, expected, r.body);
    if (plan.audits.length > 0) await applyThreadChange(rt.table, r.auth.spaceId, thread.id, expected, plan);
    if (r.body.unread !== undefined && r.body.unread !== thread.unread) {
      await pushReadState({ spaceId: r.auth.spaceId, threadId: thread.id, unread: r.body.unread, correlationId: r.requestId });
    }
    const after = plan.audits.length > 0 ? await visibleThread({ ...r.auth, role: 'admin' }, thread.id) : thread;
    return threadDetail({ ...r, query: {} }, after);
  }),
];
