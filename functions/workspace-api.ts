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
import { NotFoundError } from '../shared/domain/errors.js';
import { toOpportunityView, type Opportunity } from '../shared/domain/opportunities/opportunity.js';
import { changeOpportunity, createOpportunity, loadOpportunity, saveStages } from '../shared/domain/opportunities/opportunity-use-cases.js';
import { setQuotation, type QuotationDeps } from '../shared/domain/opportunities/quotation.js';
import type { DraftCustomer } from '../shared/domain/orders/customer-discount.js';
import {
  companyOpportunitiesOp, contactOpportunitiesOp, createOpportunityOp, getOpportunityOp, getStagesOp, listOpportunitiesOp, patchOpportunityOp, putQuotationOp, putStagesOp,
} from '../shared/http/contracts/opportunities.js';
import { pageLimit, readCursor, writeCursor } from '../shared/http/page-cursor.js';
import { createCompanyStore } from '../shared/store/company-store.js';
import { createContactStore } from '../shared/store/contact-store.js';
import { createOpportunityStore } from '../shared/store/opportunity-store.js';
import { createCatalogReader } from '../shared/wiring/catalog-lines.js';
import { toCommentView, type CommentTarget } from '../shared/domain/comments/comment.js';
import { addComment, editComment, removeComment, type CommentDeps } from '../shared/domain/comments/comment-use-cases.js';
import {
  companyCommentsOp, contactCommentsOp, createCommentOp, deleteCommentOp, myMentionsOp, opportunityCommentsOp, patchCommentOp,
} from '../shared/http/contracts/comments.js';
import { createCommentStore } from '../shared/store/comment-store.js';
import { readFeed, revokeFeedToken, rotateFeedToken, type CalendarFeedDeps } from '../shared/domain/activities/calendar-feed.js';
import { calendarFeedOp, revokeFeedOp, rotateFeedOp } from '../shared/http/contracts/calendar.js';
import { createCalendarFeedStore } from '../shared/store/calendar-feed-store.js';
import { mergeRecords } from '../shared/domain/contacts/merge-records.js';
import { cancelMergeRequest, confirmMergeRequest, proposeMerge, toMergeRequestView, type MergeRequestDeps } from '../shared/domain/merge-requests/merge-request.js';
import {
  cancelMergeRequestOp, confirmMergeRequestOp, getMergeRequestOp, listMergeRequestsOp, proposeMergeOp,
} from '../shared/http/contracts/merge-requests.js';
import { createMergeRequestStore } from '../shared/store/merge-request-store.js';
import { companyMergeDeps, contactMergeDeps } from '../shared/store/merge-store.js';
import { countingActivities, customerEventRecorder } from '../shared/wiring/customer-stats.js';
import { customerCards, spaceCards, type StatCardDeps } from '../shared/domain/customers/stat-cards.js';
import { companyStatsOp, contactStatsOp, spaceStatsOp } from '../shared/http/contracts/customer-stats.js';
import { createCustomerStatsStore } from '../shared/store/customer-stats-store.js';

const deps = once((): ActivityDeps => {
  const t = defaultTable();
  return { activities: countingActivities(createLoggedActivityStore(t), customerEventRecorder(t)), lookup: createWorkspaceLookup(t), rt: systemRuntime };
});
const opportunityDeps = once((): QuotationDeps & { opportunities: ReturnType<typeof createOpportunityStore> } => {
  const t = defaultTable();
  const contacts = createContactStore(t);
  return {
    opportunities: createOpportunityStore(t), lookup: createWorkspaceLookup(t), rt: systemRuntime, catalog: createCatalogReader(t),
    customers: {
      contactById: async (s, id) => (await contacts.getContact(s, id)) as DraftCustomer | undefined,
      contactByEmail: async (s, email) => (await contacts.findContactByEmail(s, email)) as DraftCustomer | undefined,
    },
  };
});
const deal = (o: Opportunity, status = 200) => ({ status, body: toOpportunityView(o), headers: { etag: etagOf(o.version) } });

const opportunitiesOf = (kind: 'contact' | 'company') => async (r: { auth: { spaceId: string }; params: { id: string }; query: { limit?: number; cursor?: string } }) => {
  const t = defaultTable();
  const owner = kind === 'contact' ? await createContactStore(t).getContact(r.auth.spaceId, r.params.id) : await createCompanyStore(t).getCompany(r.auth.spaceId, r.params.id);
  if (!owner) throw new NotFoundError(kind, r.params.id);
  const op = kind === 'contact' ? contactOpportunitiesOp : companyOpportunitiesOp;
  const page = await opportunityDeps().opportunities.listByCustomer(r.auth.spaceId, { kind, id: r.params.id }, pageLimit(r.query.limit), await readCursor(op, r));
  return { body: { items: page.items.map(toOpportunityView), nextCursor: (await writeCursor(op, r, page.lastKey)) ?? null } };
};

const commentDeps = once((): CommentDeps & { comments: ReturnType<typeof createCommentStore> } => {
  const t = defaultTable();
  const opportunities = createOpportunityStore(t);
  return {
    comments: createCommentStore(t), lookup: createWorkspaceLookup(t), rt: systemRuntime,
    opportunityExists: async (s, id) => (await opportunities.getOpportunity(s, id)) !== undefined,
  };
});

const commentsOf = (kind: CommentTarget['kind']) => async (r: { auth: { spaceId: string }; params: { id: string }; query: { limit?: number; cursor?: string } }) => {
  const t = defaultTable();
  const found = kind === 'contact' ? await createContactStore(t).getContact(r.auth.spaceId, r.params.id)
    : kind === 'company' ? await createCompanyStore(t).getCompany(r.auth.spaceId, r.params.id)
      : await opportunityDeps().opportunities.getOpportunity(r.auth.spaceId, r.params.id);
  if (!found) throw new NotFoundError(kind, r.params.id);
  const op = kind === 'contact' ? contactCommentsOp : kind === 'company' ? companyCommentsOp : opportunityCommentsOp;
  const page = await commentDeps().comments.listByTarget(r.auth.spaceId, { kind, id: r.params.id }, pageLimit(r.query.limit), await readCursor(op, r));
  return { body: { items: page.items.map(toCommentView), nextCursor: (await writeCursor(op, r, page.lastKey)) ?? null } };
};

const feedDeps = once((): CalendarFeedDeps => ({ feeds: createCalendarFeedStore(defaultTable()), rt: systemRuntime }));

const mergeDeps = once((): MergeRequestDeps & { requests: ReturnType<typeof createMergeRequestStore> } => {
  const t = defaultTable();
  const contacts = contactMergeDeps(t);
  const companies = companyMergeDeps(t);
  return {
    requests: createMergeRequestStore(t), rt: systemRuntime,
    merge: (entity, actor, body) => (entity === 'contact' ? mergeRecords(contacts, actor, entity, body) : mergeRecords(companies, actor, entity, body)),
  };
});

const statDeps = once((): StatCardDeps => {
  const t = defaultTable();
  return { stats: createCustomerStatsStore(t), lookup: createWorkspaceLookup(t), now: () => systemRuntime.now() };
});

const actorOf = (r: { auth: { spaceId: string; userId: string }; requestId: string }) => ({ spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId });
const reply = (a: LoggedActivity, status = 200) => ({ status, body: toLoggedActivityView(a), headers: { etag: etagOf(a.version) } });

/** The customer workspace: logged activities (the timelines are served with the mail) and opportunities. */
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

  implement(getStagesOp, async ({ auth }) => {
    const config = await opportunityDeps().opportunities.getStages(auth.spaceId);
    return { body: config, headers: { etag: etagOf(config.version) } };
  }),
  implement(putStagesOp, async (r) => {
    const config = await saveStages(opportunityDeps(), actorOf(r), r.body.stages, expectedVersion(r.headers));
    return { body: config, headers: { etag: etagOf(config.version) } };
  }),
  implement(createOpportunityOp, async (r) => deal(await createOpportunity(opportunityDeps(), actorOf(r), {
    ...r.body, amount: r.body.amount ?? 0, ownerId: r.body.ownerId ?? r.auth.userId, contactIds: r.body.contactIds ?? [], threadIds: r.body.threadIds ?? [], orderIds: r.body.orderIds ?? [],
  }), 201)),
  implement(listOpportunitiesOp, async ({ auth, query }) => {
    const page = await opportunityDeps().opportunities.listByStage(auth.spaceId, query.stageId, pageLimit(query.limit), await readCursor(listOpportunitiesOp, { auth, query }));
    return { body: { items: page.items.map(toOpportunityView), nextCursor: (await writeCursor(listOpportunitiesOp, { auth, query }, page.lastKey)) ?? null } };
  }),
  implement(getOpportunityOp, async ({ auth, params }) => deal(await loadOpportunity(opportunityDeps(), auth.spaceId, params.id))),
  implement(patchOpportunityOp, async (r) => deal(await changeOpportunity(opportunityDeps(), actorOf(r), r.params.id, expectedVersion(r.headers), r.body))),
  implement(putQuotationOp, async (r) => deal(await setQuotation(opportunityDeps(), { ...actorOf(r), role: r.auth.role }, r.params.id, expectedVersion(r.headers), r.body))),
  implement(companyOpportunitiesOp, opportunitiesOf('company')),
  implement(contactOpportunitiesOp, opportunitiesOf('contact')),

  implement(createCommentOp, async (r) => {
    const c = await addComment(commentDeps(), actorOf(r), { ...r.body, mentions: r.body.mentions ?? [] });
    return { status: 201, body: toCommentView(c), headers: { etag: etagOf(c.version) } };
  }),
  implement(patchCommentOp, async (r) => {
    const c = await editComment(commentDeps(), { ...actorOf(r), role: r.auth.role }, r.params.id, expectedVersion(r.headers), r.body);
    return { body: toCommentView(c), headers: { etag: etagOf(c.version) } };
  }),
  implement(deleteCommentOp, async (r) => {
    await removeComment(commentDeps(), { ...actorOf(r), role: r.auth.role }, r.params.id);
    return { status: 204 };
  }),
  implement(contactCommentsOp, commentsOf('contact')),
  implement(companyCommentsOp, commentsOf('company')),
  implement(opportunityCommentsOp, commentsOf('opportunity')),
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
  implement(proposeMergeOp, async (r) => ({ status: 201, body: toMergeRequestView(await proposeMerge(mergeDeps(), { ...actorOf(r), role: r.auth.role }, r.body)) })),
  implement(listMergeRequestsOp, async ({ auth, query }) => {
    const page = await mergeDeps().requests.list(auth.spaceId, query.status, pageLimit(query.limit), await readCursor(listMergeRequestsOp, { auth, query }));
    return { body: { items: page.items.map(toMergeRequestView), nextCursor: (await writeCursor(listMergeRequestsOp, { auth, query }, page.lastKey)) ?? null } };
  }),
  implement(getMergeRequestOp, async ({ auth, params }) => {
    const found = await mergeDeps().requests.get(auth.spaceId, params.id);
    if (!found) throw new NotFoundError('merge-request', params.id);
    return { body: toMergeRequestView(found) };
  }),
  implement(confirmMergeRequestOp, async (r) => ({ body: toMergeRequestView(await confirmMergeRequest(mergeDeps(), { ...actorOf(r), role: r.auth.role }, r.params.id)) })),
  implement(cancelMergeRequestOp, async (r) => ({ body: toMergeRequestView(await cancelMergeRequest(mergeDeps(), { ...actorOf(r), role: r.auth.role }, r.params.id)) })),
  implement(companyStatsOp, async ({ auth, params }) => ({ body: await customerCards(statDeps(), auth.spaceId, { kind: 'company', id: params.id }) })),
  implement(contactStatsOp, async ({ auth, params }) => ({ body: await customerCards(statDeps(), auth.spaceId, { kind: 'contact', id: params.id }) })),
  implement(spaceStatsOp, async ({ auth }) => ({ body: await spaceCards(statDeps(), auth.spaceId) })),
  implement(myMentionsOp, async ({ auth, query }) => {
    const page = await commentDeps().comments.listMentions(auth.spaceId, auth.userId, pageLimit(query.limit), await readCursor(myMentionsOp, { auth, query }));
    return { body: { items: page.items.map(toCommentView), nextCursor: (await writeCursor(myMentionsOp, { auth, query }, page.lastKey)) ?? null } };
  }),
));
