import type { Company } from '../companies/company.js';
import { DAY_MS, monthOf, type CustomerStats } from './customer-stats.js';

/**
 * Where a live company is listed in the customer views: the facets it belongs to and
 * the UTC day of its last activity (its creation day before any). Each facet is one index
 * partition sorted by that day, so a filtered page costs what the page costs, not the Space.
 */
export interface CustomerView { readonly facets: readonly string[]; readonly day: string }

/** A customer-view filter: every facet must hold; `activeBefore` keeps last-activity days before it (dormant). */
export interface ViewFilter { readonly facets: readonly string[]; readonly activeBefore?: string }

export const dayOf = (iso: string): string => iso.slice(0, 10);

/** Active = has paid an order; potential = not yet. */
export const hasPaid = (s: CustomerStats | undefined): boolean => !!s && (!!s.firstPaidAt || Object.keys(s.paidByMonth).length > 0);

const lastDay = (createdAt: string, stats: CustomerStats | undefined) => dayOf(stats?.lastContactAt ?? createdAt);

/** The view of a company; undefined once it is archived or merged (it leaves every facet). */
export function companyView(c: Company, stats: CustomerStats | undefined): CustomerView | undefined {
  if (c.status === 'archived' || c.mergedInto) return undefined;
  const facets = ['all', `tier#${c.tier}`, `segment#${hasPaid(stats) ? 'active' : 'potential'}`, `new#${monthOf(c.createdAt)}`,
    ...c.tags.map((t) => `tag#${t}`)];
  return { facets: [...new Set(facets)], day: lastDay(c.createdAt, stats) };
}

/** Most selective first: the index partition a filter reads is its first facet in this order. */
const SELECTIVITY = ['tag#', 'new#', 'tier#', 'segment#', 'all'];
const rank = (facet: string) => SELECTIVITY.findIndex((p) => facet.startsWith(p));

/** The facet whose partition a filter reads (`all` when it names none); the others are checked per record. */
export function primaryFacet(filter: ViewFilter): string {
  return [...filter.facets].sort((a, b) => rank(a) - rank(b))[0] ?? 'all';
}

/** Whether a record's current view passes the filter (an index item is trusted only when it still matches). */
export const viewMatches = (view: CustomerView | undefined, filter: ViewFilter): boolean =>
  !!view && filter.facets.every((f) => view.facets.includes(f)) && (!filter.activeBefore || view.day < filter.activeBefore);

/** The first day that is not dormant: "no activity for N days" keeps last-activity days before it. */
export const dormantCutoff = (now: Date, days: number): string => dayOf(new Date(now.getTime() - days * DAY_MS).toISOString());

/** Whether a stats change moves a company in the views (a new activity day, or its first paid order): at most once a day. */
export const viewMoved = (before: CustomerStats | undefined, after: CustomerStats): boolean =>
  dayOf(before?.lastContactAt ?? '') !== dayOf(after.lastContactAt ?? '') || hasPaid(before) !== hasPaid(after);
