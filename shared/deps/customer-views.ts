import type { CompanyStore } from '../domain/companies/ports.js';
import type { CustomerViewIndex, ViewKind } from '../domain/customers/ports.js';

/** Company writes that also move the company in the customer views (after the write; a refresh recomputes from the record). */
export function indexedCompanies(store: CompanyStore, views: CustomerViewIndex): CompanyStore {
  return {
    ...store,
    async createCompany(company, audit) {
      await store.createCompany(company, audit);
      await views.refresh(company.spaceId, 'company', company.id);
    },
    async saveCompany(before, after, audits) {
      await store.saveCompany(before, after, audits);
      await views.refresh(after.spaceId, 'company', after.id);
      // Its contacts are listed under its tier (key accounts).
      if (before.tier !== after.tier) await views.refreshMembers(after.spaceId, after.id);
    },
  };
}

/**
 * After a merge: the master may have gained tags or activity, the merged ones leave every facet;
 * a company master's contacts (moved from the merged companies) take its tier.
 */
export async function refreshMerged(views: CustomerViewIndex, spaceId: string, kind: ViewKind, ids: readonly string[]): Promise<void> {
  for (const id of ids) await views.refresh(spaceId, kind, id);
  if (kind === 'company' && ids[0]) await views.refreshMembers(spaceId, ids[0]);
}
