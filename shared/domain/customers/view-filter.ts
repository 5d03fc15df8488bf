import { ValidationError } from '../errors.js';
import { monthOf } from './customer-stats.js';
import { dormantCutoff, type ViewFilter } from './customer-views.js';

/** The view filters of a company list request (already validated by the schema). */
export interface CompanyViewQuery {
  readonly segment?: 'active' | 'potential' | undefined;
  readonly tier?: string | undefined;
  readonly tag?: string | undefined;
  readonly createdSince?: 'this_month' | undefined;
  readonly dormantDays?: number | undefined;
  readonly sort?: 'name' | 'lastActivityAt' | undefined;
}

const VIEW_KEYS = ['segment', 'tier', 'tag', 'createdSince', 'dormantDays'] as const;

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
  if (clash.length) throw new ValidationError(clash.map((k) => ({ pointer: `#/${k}`, detail: 'cannot be combined with the view filters (segment, tier, tag, createdSince, dormantDays) or sort=lastActivityAt' })));
  const facets = [
    ...(query.segment ? [`segment#${query.segment}`] : []),
    ...(query.tier ? [`tier#${query.tier}`] : []),
    ...(query.tag ? [`tag#${query.tag.trim().toLowerCase().normalize('NFC')}`] : []),
    ...(query.createdSince ? [`new#${monthOf(now.toISOString())}`] : []),
  ];
  return { facets: facets.length ? facets : ['all'], ...(query.dormantDays ? { activeBefore: dormantCutoff(now, query.dormantDays) } : {}) };
}
