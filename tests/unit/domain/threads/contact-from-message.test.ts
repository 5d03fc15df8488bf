import { describe, expect, it } from 'vitest';
import type { Company } from '../../../../shared/domain/companies/company.js';
import type { Contact } from '../../../../shared/domain/contacts/contact.js';
import type { CapturedContactDeps } from '../../../../shared/domain/contacts/create-captured-contact.js';
import { contactFromMessage } from '../../../../shared/domain/threads/contact-from-message.js';
import type { ManualLinkDeps } from '../../../../shared/domain/threads/manual-link.js';
import type { MessageRecord } from '../../../../shared/domain/threads/ports.js';

const actor = { spaceId: 's1', userId: 'staff-1', requestId: 'req-1' };
let n = 0;
const rt = { now: () => new Date('2026-11-29T12:00:00Z'), newId: () => `id-${++n}` };
const aMessage = (from: { address: string; name?: string }) =>
  ({ id: 'm1', threadId: 't1', subject: 'Hi', date: '2026-11-01T00:00:00Z', from, snippet: '', direction: 'inbound', contactIds: [], companyIds: [] }) as unknown as MessageRecord;

function world() {
  const contacts: Contact[] = [];
  const companies: Company[] = [];
  const links: string[] = [];
  const crm = {
    contacts: {
      findContactByEmail: async (_s: string, e: string) => contacts.find((c) => c.emails.includes(e)),
      createContact: async (c: Contact) => { contacts.push(c); },
    },
    companies: {
      findCompanyByDomain: async (_s: string, d: string) => companies.find((c) => c.domains.includes(d)),
      findCompanyByWebsiteDomain: async () => undefined,
      createCompany: async (c: Company) => { companies.push(c); },
    },
    rt,
  } as unknown as CapturedContactDeps;
  const message = aMessage({ address: '' });
  const linkDeps: ManualLinkDeps = {
    messages: { findMessage: async () => message },
    links: { writeLinks: async (_s, _m, change) => { links.push(...change.put.map((o) => `${o.kind}:${o.provenance.kind}`)); return true; } },
    threads: { addThreadLinks: async () => undefined, removeThreadLinks: async () => undefined },
    audits: { putAudit: async () => undefined },
    touchContactActivity: async () => undefined,
  };
  return { deps: { crm, links: linkDeps }, contacts, companies, links };
}

describe('contactFromMessage', () => {
  it('names the contact from the display name and creates the company of a business domain', async () => {
    const w = world();

    const made = await contactFromMessage(w.deps, rt, actor, aMessage({ address: 'Carl@Vance-Tools.example', name: 'Carl Vance' }));

    expect(made).toMatchObject({ created: true, companyId: w.companies[0]!.id });
    expect(w.contacts[0]).toMatchObject({ name: 'Carl Vance', emails: ['carl@vance-tools.example'], capturedFrom: expect.objectContaining({ via: 'manual' }) });
    expect(w.companies[0]).toMatchObject({ name: 'Vance Tools', domains: ['vance-tools.example'] });
    expect(w.links).toEqual(['contact:manual', 'company:manual']);
  });

  it('creates no company for a free-mail sender and links only the contact', async () => {
    const w = world();

    const made = await contactFromMessage(w.deps, rt, actor, aMessage({ address: 'ann.lee@gmail.com' }));

    expect(made).toMatchObject({ created: true, companyId: null });
    expect(w.companies).toEqual([]);
    expect(w.links).toEqual(['contact:manual']);
  });
});
