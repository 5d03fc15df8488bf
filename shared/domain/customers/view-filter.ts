import { ValidationError } from '../errors.js';
import { monthOf } from './customer-stats.js';
import { dormantCutoff, levelFacet, type ViewFilter } from './customer-views.js';

const normalizeTag = (tag: string) => tag.trim().toLowerCase().normalize('NFC');

/** The view filters of a company list request (already validated by the schema). */
export interface CompanyViewQuery {
  readonly segment?: 'active' | 'potential' | undefined;
  readonly tier?: string | undefined;
  readonly tag?: string | undefined;
  readonly ownerId?: string | undefined;
  readonly createdSince?: 'this_month' | undefined;
  readonly dormantDays?: number | undefined;
  readonly sort?: 'name' | 'lastActivityAt' | undefined;
}

const VIEW_KEYS = ['segment', 'tier', 'tag', 'ownerId', 'createdSince', 'dormantDays'] as const;

/**
 * The customer-view filter a company list asks for, or undefined for the plain name list. The
 * view lists live companies by last activity; it does not combine with a name prefix, the archived
 * list or a custom-field filter (those read other indexes).
 * @throws ValidationError
 */
export function companyViewFilter(query: CompanyViewQuery & { readonly q?: string | undefined; readonly status?: string | undefined; readonly field?: string | undefined }, now: Date): ViewFilter | undefined {
  const used = VIEW_KEYS.filter((k) => query[k] !== undefined);
  if (used.length === 0 && query.sort !== 'lastActivityAt') return undefined;
  const clash = (['q', 'field'] as const).filter((k) => query[k] !== undefined);
  if (query.status === 'archived') clash.push('status' as never);
  if (query.sort === 'name' && used.length > 0) clash.push('sort' as never);
  if (clash.length) throw new ValidationError(clash.map((k) => ({ pointer: `#/${k}`, detail: 'cannot be combined with the view filters (segment, tier, tag, ownerId, createdSince, dormantDays) or sort=lastActivityAt' })));
  const facets = [
    ...(query.segment ? [`segment#${query.segment}`] : []),
    ...(query.tier ? [`tier#${query.tier}`] : []),
    ...(query.tag ? [`tag#${normalizeTag(query.tag)}`] : []),
    ...(query.ownerId ? [`owner#${query.ownerId}`] : []),
    ...(query.createdSince ? [`new#${monthOf(now.toISOString())}`] : []),
  ];
  return { facets: facets.length ? facets : ['all'], ...(query.dormantDays ? { activeBefore: dormantCutoff(now, query.dormantDays) } : {}) };
}

/** The view filters of a contact list request (already validated by the schema). */
export interface ContactViewQuery {
  readonly status?: string | undefined;
  readonly segment?: 'active' | 'potential' | undefined;
  readonly tier?: string | undefined;
  readonly tag?: string | undefined;
  readonly role?: string | undefined;
  readonly level?: string | undefined;
  readonly ownerId?: string | undefined;
  readonly createdSince?: string | undefined;
  readonly dormantDays?: number | undefined;
  readonly sort?: 'name' | 'createdAt' | 'lastActivityAt' | undefined;
  readonly q?: string | undefined;
  readonly companyId?: string | undefined;
  readonly field?: string | undefined;
}

/** Filters only the view index answers; the others also work as checks on a `q`, company or custom-field list. */
const VIEW_ONLY = ['segment', 'tier', 'role', 'level', 'ownerId'] as const;
const NARROWED = ['q', 'companyId', 'field'] as const;

/**
 * The customer-view filter a contact list asks for, or undefined when another index serves it: a
 * name prefix, a company's contacts or a custom-field filter (which check status, tag, creation and
 * dormancy on that smaller list), the archived list, and the name or creation order. Any other
 * combination reads the view index: live contacts by last activity, newest first.
 * @throws ValidationError naming the field that cannot be combined
 */
export function contactViewFilter(query: ContactViewQuery, now: Date): ViewFilter | undefined {
  const narrowed = NARROWED.filter((k) => query[k] !== undefined);
  const viewOnly = VIEW_ONLY.filter((k) => query[k] !== undefined);
  const fail = (keys: readonly string[], detail: string) => new ValidationError(keys.map((k) => ({ pointer: `#/${k}`, detail })));
  if (narrowed.length > 0 || query.status === 'archived') {
    if (viewOnly.length) throw fail(viewOnly, `cannot be combined with ${narrowed.length ? narrowed.join(', ') : 'status=archived'}`);
    if (query.sort === 'lastActivityAt' && query.status === 'archived') throw fail(['sort'], 'archived contacts are listed by name or creation');
    return undefined;
  }
  const thisMonth = query.createdSince === 'this_month';
  const facets = [
    ...(query.status ? [`status#${query.status}`] : []),
    ...(query.segment ? [`segment#${query.segment}`] : []),
    ...(query.tier ? [`tier#${query.tier}`] : []),
    ...(query.tag ? [`tag#${normalizeTag(query.tag)}`] : []),
    ...(query.role ? [`role#${query.role}`] : []),
    ...(query.level ? [levelFacet(query.level)] : []),
    ...(query.ownerId ? [`owner#${query.ownerId}`] : []),
    ...(thisMonth ? [`new#${monthOf(now.toISOString())}`] : []),
  ];
  const viewAsked = facets.length > 0 || query.dormantDays !== undefined || query.sort === 'lastActivityAt';
  if (!viewAsked) return undefined;
  const clash = [
    ...(query.createdSince !== undefined && !thisMonth ? ['createdSince'] : []),
    ...(query.sort === 'name' || query.sort === 'createdAt' ? ['sort'] : []),
  ];
  if (clash.length) throw fail(clash, 'the view filters list by last activity and take createdSince=this_month only; a creation date range needs sort=createdAt without them');
  return { facets: facets.length ? facets : ['all'], ...(query.dormantDays ? { activeBefore: dormantCutoff(now, query.dormantDays) } : {}) };
}
