import { systemRuntime } from '../../domain/audit/system-runtime.js';
import { planThreadChange } from '../../domain/inbox/change-thread.js';
import { toInboxCounts, toInboxThreadView } from '../../domain/inbox/inbox-views.js';
import { redactMailView } from '../../domain/rules/mail-privacy.js';
import { toMessageSummaryView } from '../../domain/threads/activity-views.js';
import type { AuthContext } from '../auth.js';
import { inboxCountsOp, listInboxOp, patchThreadOp } from '../contracts/inbox.js';
import { getThreadOp } from '../contracts/mail.js';
import { implement, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { pageLimit, readCursor, writeCursor, type PageRequest } from '../page-cursor.js';
import { readInboxCounts } from '../../store/inbox-index.js';
import { listInbox } from '../../store/inbox-list.js';
import { mailRuntime, type MailRuntime } from '../../deps/mail-runtime.js';
import { ensureInboxMigration } from '../../deps/inbox-migration-job.js';
import { visibleThread, type Visible } from '../../deps/visible-mail.js';
import { loadMailVisibility } from '../../store/mail-visibility.js';
import { applyThreadChange, getInboxThread } from '../../store/thread-changes.js';
import { createThreadMembers } from '../../store/thread-members.js';
import { pushReadState } from '../../deps/read-state-push.js';

type ThreadRequest = PageRequest & { auth: AuthContext; params: { id: string }; query: { order?: 'newest' | 'oldest'; limit?: number; cursor?: string } };

/** The thread with one page of messages (private mail blanked as the caller's level says), and its version as the ETag. */
async function threadDetail(r: ThreadRequest, { thread, level }: Visible) {
  const rt = await mailRuntime();
  const startKey = await readCursor(getThreadOp, r);
  const page = await createThreadMembers(rt.table).pageMembers(r.auth.spaceId, thread.id, pageLimit(r.query.limit), r.query.order !== 'oldest', startKey);
  const view = { ...toInboxThreadView(thread), messages: page.items.map(toMessageSummaryView), nextCursor: (await writeCursor(getThreadOp, r, page.lastKey)) ?? null };
  return { headers: { etag: etagOf(thread.version) }, body: redactMailView(view, level) };
}

/** Whether the Space's threads all sit on their state facets; the first read after deploy starts moving them. */
const stateFacetsReady = (rt: MailRuntime, spaceId: string, requestId: string) =>
  ensureInboxMigration(rt.table, rt.linkQueue, spaceId, { now: rt.now(), correlationId: requestId, log: rt.log });

/** The shared inbox: listing and search, counts, a thread with paged messages, staff changes. */
export const inboxRoutes: Operation[] = [
  implement(listInboxOp, async ({ auth, query, requestId }) => {
    const rt = await mailRuntime();
    const { limit, cursor: _cursor, ...filter } = query;
    const [visibility, migrated] = await Promise.all([loadMailVisibility(rt.table, auth.spaceId, auth), stateFacetsReady(rt, auth.spaceId, requestId)]);
    const page = await listInbox(rt.table, auth.spaceId, {
      ...filter, userId: auth.userId, role: auth.role, levelOf: visibility.of, limit: pageLimit(limit), startKey: await readCursor(listInboxOp, { auth, query }),
      ...(migrated ? {} : { legacy: true }),
    });
    return { body: { items: page.items.map((t) => redactMailView(toInboxThreadView(t), visibility.of(t))), nextCursor: (await writeCursor(listInboxOp, { auth, query }, page.lastKey)) ?? null } };
  }),
  implement(inboxCountsOp, async ({ auth, requestId }) => {
    const rt = await mailRuntime();
    await stateFacetsReady(rt, auth.spaceId, requestId);
    return { body: toInboxCounts(await readInboxCounts(rt.table, auth.spaceId), auth.userId) };
  }),
  implement(getThreadOp, async (r) => threadDetail(r, await visibleThread(r.auth, r.params.id))),
  implement(patchThreadOp, async (r) => {
    const expected = expectedVersion(r.headers);
    const rt = await mailRuntime();
    const seen = await visibleThread(r.auth, r.params.id);
    const plan = planThreadChange(systemRuntime, { spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId, role: r.auth.role }, seen.thread, expected, r.body);
    if (plan.audits.length > 0) await applyThreadChange(rt.table, r.auth.spaceId, seen.thread.id, expected, plan);
    if (r.body.unread !== undefined && r.body.unread !== seen.thread.unread) {
      await pushReadState({ spaceId: r.auth.spaceId, threadId: seen.thread.id, unread: r.body.unread, correlationId: r.requestId });
    }
    if (plan.audits.length === 0) return threadDetail({ ...r, query: {} }, seen);
    // After a change the caller may see less (unassigned themselves) or more (took the thread): read it again as them.
    const after = await getInboxThread(rt.table, r.auth.spaceId, seen.thread.id);
    const level = after ? (await loadMailVisibility(rt.table, r.auth.spaceId, r.auth)).of(after) : 'none';
    return threadDetail({ ...r, query: {} }, { thread: after ?? seen.thread, level: level === 'none' ? 'metadata' : level });
  }),
];
