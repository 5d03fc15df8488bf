import type { Company } from '../domain/companies/company.js';
import { DuplicateDomainError } from '../domain/companies/company-errors.js';
import { websiteDomainOf } from '../domain/companies/website.js';
import { CaptureDecidedError, type Capture, type CaptureStore } from '../domain/contacts/capture.js';
import type { CaptureFromMailDeps } from '../domain/contacts/capture-from-mail.js';
import type { Contact } from '../domain/contacts/contact.js';
import { DuplicateEmailError } from '../domain/contacts/contact-errors.js';
import type { ContactStore } from '../domain/contacts/ports.js';
import { VersionMismatchError } from '../domain/errors.js';
import { ulid } from 'ulid';

/** Captures in memory, for unit tests and benchmarks; `audits` counts decisions. */
export function createMemoryCaptureStore(): CaptureStore & { readonly items: Map<string, Capture>; readonly audits: string[] } {
  const items = new Map<string, Capture>();
  const audits: string[] = [];
  return {
    items, audits,
    async proposeCapture(c) {
      if (items.has(c.id)) return false;
      items.set(c.id, c);
      return true;
    },
    getCapture: async (_s, id) => items.get(id),
    async listPendingCaptures(spaceId, limit) {
      const pending = [...items.values()].filter((c) => c.spaceId === spaceId && c.state === 'pending')
        .sort((a, b) => b.capturedAt.localeCompare(a.capturedAt));
      return { items: pending.slice(0, limit) };
    },
    async decideCapture(before, after, audit) {
      const now = items.get(before.id);
      if (!now || now.state !== 'pending') throw new CaptureDecidedError(now ?? before);
      items.set(after.id, after);
      audits.push(audit.id);
    },
  };
}

/** The linker's capture (and bounce) ports in memory: contacts by address, companies by domain, captures. */
export function createMemoryCapture(now: () => Date = () => new Date()): CaptureFromMailDeps & {
  readonly contacts: CaptureFromMailDeps['contacts'] & Pick<ContactStore, 'saveContact'> & { readonly all: Map<string, Contact> };
  readonly companies: CaptureFromMailDeps['companies'] & { readonly all: Map<string, Company> };
  readonly captures: ReturnType<typeof createMemoryCaptureStore>;
  /** The addresses whose past mail was asked for, in order. */
  readonly relinked: string[];
} {
  const relinked: string[] = [];
  const contacts = new Map<string, Contact>();
  const companies = new Map<string, Company>();
  return {
    contacts: {
      all: contacts,
      findContactByEmail: async (_s, email) => [...contacts.values()].find((c) => c.emails.includes(email.toLowerCase())),
      async createContact(c) {
        const holder = [...contacts.values()].find((o) => o.emails.some((e) => c.emails.includes(e)));
        if (holder) throw new DuplicateEmailError(c.emails[0]!, holder.id);
        contacts.set(c.id, c);
      },
      async saveContact(before, after) {
        if (contacts.get(before.id)?.version !== before.version) throw new VersionMismatchError(contacts.get(before.id)?.version ?? 0);
        contacts.set(after.id, after);
      },
    },
    companies: {
      all: companies,
      findCompanyByDomain: async (_s, domain) => [...companies.values()].find((c) => c.domains.includes(domain)),
      findCompanyByWebsiteDomain: async (_s, domain) => [...companies.values()]
        .filter((c) => c.status !== 'archived' && !c.mergedInto && websiteDomainOf(c.website) === domain).sort((a, b) => a.id.localeCompare(b.id))[0],
      async createCompany(c) {
        const holder = [...companies.values()].find((o) => o.domains.some((d) => c.domains.includes(d)));
        if (holder) throw new DuplicateDomainError(c.domains[0]!, holder.id);
        companies.set(c.id, c);
      },
    },
    captures: createMemoryCaptureStore(),
    relinked,
    relink: async ({ addresses }) => { relinked.push(...addresses); },
    rt: { now, newId: () => ulid() },
  };
}
