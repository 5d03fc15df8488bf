import { auditOf, type Actor, type Runtime } from '../audit/audit-entry.js';
import { DuplicateDomainError } from '../companies/company-errors.js';
import type { Company } from '../companies/company.js';
import type { CompanyStore } from '../companies/ports.js';
import type { CaptureCandidate } from './decide-capture.js';
import type { CapturedFrom } from './capture.js';
import type { Contact } from './contact.js';
import { DuplicateEmailError } from './contact-errors.js';
import type { ContactStore } from './ports.js';

export interface CapturedContactDeps {
  readonly contacts: Pick<ContactStore, 'createContact' | 'findContactByEmail'>;
  readonly companies: Pick<CompanyStore, 'findCompanyByDomain' | 'findCompanyByWebsiteDomain' | 'createCompany'>;
  readonly rt: Runtime;
}

/** Labels that sit under a country ending (`acme.co.uk`): the name is the label before them. */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'ltd', 'plc']);

/** Index of the label that names the organisation: `acme` in `mail.acme.co.uk` (2) and in `mail.acme.example` (1). */
const nameLabelIndex = (labels: readonly string[]): number =>
  labels.length >= 3 && SECOND_LEVEL.has(labels.at(-2)!) ? labels.length - 3 : labels.length - 2;

/** A company name from its domain: `mail.northwind-traders.co.uk` → `Northwind Traders`. */
export function companyNameOf(domain: string): string {
  const labels = domain.split('.');
  const end = nameLabelIndex(labels);
  const label = labels[Math.max(0, end)] ?? domain;
  return label.split('-').filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
}

/**
 * The domain and its parents down to the registrable domain: `eu.mail.acme.example` → itself,
 * `mail.acme.example`, `acme.example`; never `example` or `co.uk`.
 */
export function domainAndParents(domain: string): string[] {
  const labels = domain.split('.');
  return labels.slice(0, Math.max(0, nameLabelIndex(labels)) + 1).map((_l, i) => labels.slice(i).join('.'));
}

/** The company whose website is on the domain or on a parent of it, the nearest first. */
async function companyByWebsite(deps: CapturedContactDeps, spaceId: string, domain: string): Promise<Company | undefined> {
  for (const candidate of domainAndParents(domain)) {
    const found = await deps.companies.findCompanyByWebsiteDomain(spaceId, candidate);
    if (found) return found;
  }
  return undefined;
}

/**
 * The live company owning the domain, else the one whose website is on the domain or a parent of it,
 * else a new one named after it (a concurrent creator's wins).
 */
async function companyFor(deps: CapturedContactDeps, actor: Actor, domain: string): Promise<Company> {
  const found = await deps.companies.findCompanyByDomain(actor.spaceId, domain) ?? await companyByWebsite(deps, actor.spaceId, domain);
  if (found) return found;
  const now = deps.rt.now().toISOString();
  const company: Company = {
    id: deps.rt.newId(), spaceId: actor.spaceId, name: companyNameOf(domain), domains: [domain], tier: 'normal', tags: [],
    customFields: {}, status: 'active', createdAt: now, updatedAt: now, version: 1,
  };
  try {
    await deps.companies.createCompany(company, auditOf(deps.rt, actor, 'company', company.id, 'create', { details: { capturedFrom: domain } }));
    return company;
  } catch (error) {
    const winner = error instanceof DuplicateDomainError ? await deps.companies.findCompanyByDomain(actor.spaceId, domain) : undefined;
    if (!winner) throw error;
    return winner;
  }
}

/**
 * Creates the contact a capture proposes, with the company of its domain (found, or created from
 * the domain; an archived one is left unlinked), and `capturedFrom` naming the mail. When the address
 * already belongs to a contact (a retry, a race, a contact created meanwhile) that contact is returned.
 */
export async function createCapturedContact(deps: CapturedContactDeps, actor: Actor, candidate: CaptureCandidate, from: CapturedFrom): Promise<Contact> {
  const existing = await deps.contacts.findContactByEmail(actor.spaceId, candidate.address);
  if (existing) return existing;
  const company = candidate.companyDomain ? await companyFor(deps, actor, candidate.companyDomain) : undefined;
  const live = company && company.status !== 'archived' && !company.mergedInto ? company : undefined;
  const now = deps.rt.now().toISOString();
  const contact: Contact = {
    id: deps.rt.newId(), spaceId: actor.spaceId, name: candidate.name, emails: [candidate.address], phones: [],
    ...(live ? { companyId: live.id, companyName: live.name } : {}),
    roles: [], primaryContact: false, tags: [], customFields: {}, status: 'active', capturedFrom: from,
    createdAt: now, updatedAt: now, version: 1,
  };
  try {
    await deps.contacts.createContact(contact, auditOf(deps.rt, actor, 'contact', contact.id, 'create', { details: { capturedFrom: from.messageId, via: from.via } }));
    return contact;
  } catch (error) {
    const winner = error instanceof DuplicateEmailError ? await deps.contacts.findContactByEmail(actor.spaceId, candidate.address) : undefined;
    if (!winner) throw error;
    return winner;
  }
}
