import type { CompanyStore } from '../domain/companies/ports.js';
import type { CustomerViewIndex } from '../domain/customers/ports.js';

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
    },
  };
}

/** After a merge: the master may have gained tags or activity, the merged ones leave every facet. */
export async function refreshMerged(views: CustomerViewIndex, spaceId: string, kind: 'company', ids: readonly string[]): Promise<void> {
  for (const id of ids) await views.refresh(spaceId, kind, id);
}
