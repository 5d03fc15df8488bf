import type { Company } from '../companies/company.js';
import type { Contact } from '../contacts/contact.js';
import type { ViewFilter } from './customer-views.js';
import type { CustomerEvent, CustomerStats, StatsOwner } from './customer-stats.js';
import type { HealthScore } from './health-score.js';

/** A customer's aggregates with the health score computed when they last changed. */
export interface StoredStats { readonly stats: CustomerStats; readonly health: HealthScore; readonly version: number }

/** The Space's stat-card counters for one UTC month. */
export interface SpaceMonthStats {
  readonly month: string;
  readonly interactions: number;
  readonly paid: { readonly count: number; readonly amounts: Readonly<Record<string, number>> };
  readonly openOrders: number;
  readonly lastContactAt?: string;
}

/** Aggregates kept on write; every event is folded in at most once per owner (by its id). */
export interface CustomerStatsStore {
  getStats(spaceId: string, owner: StatsOwner): Promise<StoredStats | undefined>;
  /** Folds the event into the owner's aggregates and recomputes its health as of `now`; false when the id was folded in before. */
  record(spaceId: string, owner: StatsOwner, eventId: string, event: CustomerEvent, now: string): Promise<boolean>;
  /** Adds the event to the Space's counters (atomic counters: the Space item is hot); false for a repeat. */
  recordSpace(spaceId: string, eventId: string, event: CustomerEvent): Promise<boolean>;
  getSpaceMonth(spaceId: string, month: string): Promise<SpaceMonthStats>;
  /** Whether a merged record's aggregates still wait to be combined into its master. */
  pendingAbsorb(spaceId: string, from: StatsOwner): Promise<boolean>;
  /** Combines a merged record's aggregates into the master's, once (later calls return false). */
  absorb(spaceId: string, from: StatsOwner, toId: string, now: string): Promise<boolean>;
}

export type ViewKind = 'company' | 'contact';
export interface ViewPage<T> { readonly items: T[]; readonly lastKey?: Record<string, unknown> }

/** The customer views: live companies and contacts by facet, newest activity first, without a scan. */
export interface CustomerViewIndex {
  /** Recomputes where a record is listed (from the record and its aggregates) and moves its index items if that changed. */
  refresh(spaceId: string, kind: ViewKind, id: string): Promise<void>;
  /** Refreshes the views of a company's contacts (they carry its tier); as many writes as contacts whose view moved. */
  refreshMembers(spaceId: string, companyId: string): Promise<void>;
  listCompanies(spaceId: string, filter: ViewFilter, page: { limit: number; startKey?: Record<string, unknown> }): Promise<ViewPage<Company>>;
  listContacts(spaceId: string, filter: ViewFilter, page: { limit: number; startKey?: Record<string, unknown> }): Promise<ViewPage<Contact>>;
}
