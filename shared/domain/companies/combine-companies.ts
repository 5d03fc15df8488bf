import type { CustomFields } from '../contacts/custom-fields.js';
import type { Company } from './company.js';

export const COMPANY_MERGEABLE = ['name', 'website', 'tier', 'size', 'region', 'type', 'customFields', 'ownerId'] as const;

/** The master company after absorbing `merged`: domains and tags united, other fields from `pick` or the master. */
export function combineCompanies(master: Company, merged: readonly Company[], pick: Readonly<Record<string, Company>>, now: string): Company {
  const all = [master, ...merged];
  const result: Record<string, unknown> = { ...master };
  for (const f of COMPANY_MERGEABLE) if (pick[f]) result[f] = pick[f][f];
  result.customFields = Object.assign({}, ...[...merged].reverse().map((m) => m.customFields), master.customFields,
    pick.customFields?.customFields ?? {}) as CustomFields;
  result.domains = [...new Set(all.flatMap((c) => c.domains))];
  result.tags = [...new Set(all.flatMap((c) => c.tags))];
  // A master without an owner keeps the first merged record's (the one someone was responsible for).
  if (!pick.ownerId && !master.ownerId) result.ownerId = merged.find((m) => m.ownerId)?.ownerId;
  result.updatedAt = now;
  result.version = master.version + 1;
  for (const k of Object.keys(result)) if (result[k] === undefined) delete result[k];
  return result as unknown as Company;
}
