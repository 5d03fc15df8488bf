import type { Company } from '../companies/company.js';
import type { Contact } from '../contacts/contact.js';
import { DAY_MS, monthOf, type CustomerStats } from './customer-stats.js';

/**
 * Where a live company or contact is listed in the customer views: the facets it belongs to and
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
    ...c.tags.map((t) => `tag#${t}`), ...(c.ownerId ? [`owner#${c.ownerId}`] : [])];
  return { facets: [...new Set(facets)], day: lastDay(c.createdAt, stats) };
}

/** A contact's level as a facet value: compared like tags (trimmed, lowercase, NFC). */
export const levelFacet = (level: string): string => `level#${level.trim().toLowerCase().normalize('NFC')}`;

/**
 * The view of a contact; undefined once it is archived or merged. Its `tier` is its company's, so
 * `tier=key_account` lists the contacts of key accounts. Its day is the later of the linker's last
 * mail (`lastActivityAt`) and its aggregates' last interaction.
 */
export function contactView(c: Contact, company: Pick<Company, 'tier'> | undefined, stats: CustomerStats | undefined): CustomerView | undefined {
  if (c.status === 'archived' || c.mergedInto) return undefined;
  const facets = ['all', `status#${c.status}`, `segment#${hasPaid(stats) ? 'active' : 'potential'}`, `new#${monthOf(c.createdAt)}`,
    ...(company ? [`tier#${company.tier}`] : []), ...c.tags.map((t) => `tag#${t}`), ...c.roles.map((r) => `role#${r}`),
    ...(c.level?.trim() ? [levelFacet(c.level)] : []), ...(c.ownerId ? [`owner#${c.ownerId}`] : [])];
  const latest = [c.lastActivityAt, stats?.lastContactAt].filter((x): x is string => !!x).sort().at(-1);
  return { facets: [...new Set(facets)], day: dayOf(latest ?? c.createdAt) };
}

/** Most selective first: the index partition a filter reads is its first facet in this order. */
const SELECTIVITY = ['owner#', 'tag#', 'level#', 'new#', 'role#', 'tier#', 'status#', 'segment#', 'all'];
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
