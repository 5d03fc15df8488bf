import type { AuditEntry } from '../audit/audit-entry.js';
import type { FieldSpec } from '../custom-fields/field-definition.js';
import type { FieldCondition } from '../custom-fields/field-index.js';
import type { Company } from './company.js';

export interface CompanyPage {
  readonly items: Company[];
  readonly lastKey?: Record<string, unknown>;
}

/** Persistence of companies; every write carries its audit rows into the same transaction. */
export interface CompanyStore {
  getCompany(spaceId: string, id: string): Promise<Company | undefined>;
  findCompanyByDomain(spaceId: string, domain: string): Promise<Company | undefined>;
  /** The oldest live company whose website is on exactly this domain (`www.` dropped). */
  findCompanyByWebsiteDomain(spaceId: string, domain: string): Promise<Company | undefined>;
  /** @throws DuplicateDomainError */
  createCompany(company: Company, audit: AuditEntry): Promise<void>;
  /** @throws VersionMismatchError, DuplicateDomainError, NotFoundError */
  saveCompany(before: Company, after: Company, audits: readonly AuditEntry[]): Promise<void>;
  listCompanies(spaceId: string, query: {
    q?: string; archived?: boolean; limit: number; startKey?: Record<string, unknown>;
    /** Custom-field filter: reads the field's index instead of the name order. */
    field?: { spec: FieldSpec; condition: FieldCondition };
  }): Promise<CompanyPage>;
}
