import type { Runtime } from '../audit/audit-entry.js';
import type { CompanyStore } from '../companies/ports.js';
import type { CustomFieldDeps } from '../custom-fields/ports.js';
import type { StaffDirectory } from '../customers/record-owner.js';
import { ValidationError } from '../errors.js';
import { isFreeMailDomain } from '../mail/free-mail-domains.js';
import type { Contact } from './contact.js';
import type { ContactStore } from './ports.js';

/** What the contact use cases need. */
export interface ContactDeps {
  readonly contacts: ContactStore;
  readonly companies: Pick<CompanyStore, 'getCompany' | 'findCompanyByDomain'>;
  readonly rt: Runtime;
  /** Definitions that values are checked against, and the filter index they feed. */
  readonly customFields: CustomFieldDeps;
  /** Owners must be staff users of the Space. */
  readonly staff: StaffDirectory;
}

/**
 * The company a contact links to, checked to exist (live) in the same Space.
 * @throws ValidationError pointing at `companyId` when it does not.
 */
export async function linkedCompany(deps: ContactDeps, spaceId: string, companyId: string) {
  const company = await deps.companies.getCompany(spaceId, companyId);
  if (!company || company.status === 'archived') throw new ValidationError([{ pointer: '#/companyId', detail: 'no such company' }]);
  return company;
}

/** A company owning one of the contact's (non free-mail) email domains, when it has no company yet. */
export async function suggestCompany(deps: Pick<ContactDeps, 'companies'>, c: Contact): Promise<string | undefined> {
  if (c.companyId) return undefined;
  for (const email of c.emails) {
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (isFreeMailDomain(domain)) continue;
    const company = await deps.companies.findCompanyByDomain(c.spaceId, domain);
    if (company && company.status !== 'archived') return company.id;
  }
  return undefined;
}

/** Drops repeated addresses while keeping the first one (the primary) first. */
export const uniqueEmails = (emails: readonly string[]): string[] => [...new Set(emails)];
