import { once } from '../config/config.js';
import type { ActivityDeps } from '../domain/activities/log-activity.js';
import type { CalendarFeedDeps } from '../domain/activities/calendar-feed.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import type { CommentDeps } from '../domain/comments/comment-use-cases.js';
import { mergeRecords } from '../domain/contacts/merge-records.js';
import type { StatCardDeps } from '../domain/customers/stat-cards.js';
import type { MergeRequestDeps } from '../domain/merge-requests/merge-request.js';
import type { QuotationDeps } from '../domain/opportunities/quotation.js';
import type { DraftCustomer } from '../domain/orders/customer-discount.js';
import { createCalendarFeedStore } from '../store/calendar-feed-store.js';
import { createCommentStore } from '../store/comment-store.js';
import { createCustomerStatsStore } from '../store/customer-stats-store.js';
import { createCustomerViewStore } from '../store/customer-view-store.js';
import { defaultTable } from '../store/dynamo.js';
import { createLoggedActivityStore } from '../store/logged-activity-store.js';
import { createMergeRequestStore } from '../store/merge-request-store.js';
import { companyMergeDeps, contactMergeDeps } from '../store/merge-store.js';
import { createOpportunityStore } from '../store/opportunity-store.js';
import { createWorkspaceLookup } from '../store/workspace-lookup.js';
import { createCatalogReader } from './catalog-lines.js';
import { refreshMerged } from './customer-views.js';
import { customerRecords } from './customer-records.js';
import { countingActivities, customerEventRecorder } from './customer-stats.js';

/** Logged activities (calls, meetings, tasks), counted into the customer's stats. */
export const activityDeps = once((): ActivityDeps => {
  const t = defaultTable();
  return { activities: countingActivities(createLoggedActivityStore(t), customerEventRecorder(t)), lookup: createWorkspaceLookup(t), rt: systemRuntime };
});

/** Opportunities and their quotations (priced from the catalog with the contact's discount). */
export const opportunityDeps = once((): QuotationDeps & { opportunities: ReturnType<typeof createOpportunityStore> } => {
  const t = defaultTable();
  const { contacts } = customerRecords();
  return {
    opportunities: createOpportunityStore(t), lookup: createWorkspaceLookup(t), rt: systemRuntime, catalog: createCatalogReader(t),
    customers: {
      contactById: async (s, id) => (await contacts.getContact(s, id)) as DraftCustomer | undefined,
      contactByEmail: async (s, email) => (await contacts.findContactByEmail(s, email)) as DraftCustomer | undefined,
    },
  };
});

export const commentDeps = once((): CommentDeps & { comments: ReturnType<typeof createCommentStore> } => {
  const t = defaultTable();
  const { opportunities } = opportunityDeps();
  return {
    comments: createCommentStore(t), lookup: createWorkspaceLookup(t), rt: systemRuntime,
    opportunityExists: async (s, id) => (await opportunities.getOpportunity(s, id)) !== undefined,
  };
});

export const feedDeps = once((): CalendarFeedDeps => ({ feeds: createCalendarFeedStore(defaultTable()), rt: systemRuntime }));

export const mergeRequestDeps = once((): MergeRequestDeps & { requests: ReturnType<typeof createMergeRequestStore> } => {
  const t = defaultTable();
  const contacts = contactMergeDeps(t);
  const companies = companyMergeDeps(t);
  const views = createCustomerViewStore(t);
  return {
    requests: createMergeRequestStore(t), rt: systemRuntime,
    async merge(entity, actor, body) {
      const result = entity === 'contact' ? await mergeRecords(contacts, actor, entity, body) : await mergeRecords(companies, actor, entity, body);
      // As a direct merge does: the master's facets (tags, roles, its contacts' tier) and the merged records' leave.
      if (!body.preview) await refreshMerged(views, actor.spaceId, entity, [body.masterId, ...body.mergedIds]);
      return result;
    },
  };
});

export const statDeps = once((): StatCardDeps => {
  const t = defaultTable();
  return { stats: createCustomerStatsStore(t), lookup: createWorkspaceLookup(t), now: () => systemRuntime.now() };
});
