import { describe, expect, it } from 'vitest';
import type { Company } from '../../../../shared/domain/companies/company.js';
import { archiveContact, restoreContact } from '../../../../shared/domain/contacts/archive-contact.js';
import type { Contact } from '../../../../shared/domain/contacts/contact.js';
import type { ContactDeps } from '../../../../shared/domain/contacts/contact-deps.js';
import { suggestCompany } from '../../../../shared/domain/contacts/contact-deps.js';
import { createContact } from '../../../../shared/domain/contacts/create-contact.js';
import { patchContact } from '../../../../shared/domain/contacts/patch-contact.js';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-entry.js';
import { NotFoundError, ValidationError, VersionMismatchError } from '../../../../shared/domain/errors.js';
import { createMemoryCustomFields } from '../../../../shared/store/memory-custom-fields.js';
import { aCompany } from '../../../support/builders.js';

/** Just enough of the stores, in memory, to check what the use cases decide. */
function memoryDeps(companies: Company[] = []) {
  const contacts = new Map<string, Contact>();
  const audits: AuditEntry[] = [];
  let n = 0;
  const deps: ContactDeps = {
    rt: { now: () => new Date('2026-05-01T00:00:00Z'), newId: () => `ID${++n}` },
    customFields: createMemoryCustomFields().deps,
    staff: { staffExist: async (_s, ids) => ids.map((id) => id.startsWith('staff-')) },
    companies: {
      getCompany: async (s, id) => companies.find((c) => c.spaceId === s && c.id === id),
      findCompanyByDomain: async (s, d) => companies.find((c) => c.spaceId === s && c.domains.includes(d)),
    },
    contacts: {
      getContact: async (s, id) => { const c = contacts.get(id); return c?.spaceId === s ? c : undefined; },
      findContactByEmail: async () => undefined,
      createContact: async (c, a) => { contacts.set(c.id, c); audits.push(a); },
      saveContact: async (before, after, a) => {
        if (contacts.get(before.id)?.version !== before.version) throw new VersionMismatchError(contacts.get(before.id)?.version ?? 0);
        contacts.set(after.id, after); audits.push(...a);
      },
      listContacts: async () => ({ items: [] }),
      touchContactActivity: async () => undefined,
    },
  };
  return { deps, contacts, audits };
}
const actor = { spaceId: 'S', userId: 'u1', requestId: 'r1' };

describe('contact use cases', () => {
  it('creates a contact with deduplicated addresses, lowercase tags and an audit row', async () => {
    const { deps, audits } = memoryDeps();

    const c = await createContact(deps, actor, { name: ' Ann ', emails: ['a@x.example', 'a@x.example'], tags: ['VIP', 'vip '] });

    expect(c).toMatchObject({ name: 'Ann', emails: ['a@x.example'], tags: ['vip'], status: 'active', version: 1 });
    expect(audits.map((a) => a.action)).toEqual(['create']);
  });

  it('refuses a company of another Space as if it did not exist', async () => {
    const { deps } = memoryDeps([aCompany({ id: 'C1', spaceId: 'OTHER' })]);

    await expect(createContact(deps, actor, { name: 'Ann', companyId: 'C1' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('patches only changed fields, bumps the version once and audits old → new', async () => {
    const { deps, audits } = memoryDeps();
    const c = await createContact(deps, actor, { name: 'Ann', level: 'gold' });

    const after = await patchContact(deps, actor, c.id, 1, { name: 'Anne', level: null, tags: [] });

    expect(after).toMatchObject({ name: 'Anne', version: 2 });
    expect(after.level).toBeUndefined();
    expect(audits.at(-1)?.changes).toEqual({ name: { old: 'Ann', new: 'Anne' }, level: { old: 'gold', new: null } });
  });

  it('refuses a stale version with the current one', async () => {
    const { deps } = memoryDeps();
    const c = await createContact(deps, actor, { name: 'Ann' });
    await patchContact(deps, actor, c.id, 1, { name: 'B' });

    await expect(patchContact(deps, actor, c.id, 1, { name: 'C' })).rejects.toMatchObject({ code: 'version-mismatch', currentVersion: 2 });
  });

  it('treats another Space\'s contact as not found', async () => {
    const { deps } = memoryDeps();
    const c = await createContact(deps, actor, { name: 'Ann' });

    await expect(patchContact(deps, { ...actor, spaceId: 'B' }, c.id, 1, { name: 'X' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('archives and restores to the status before archiving', async () => {
    const { deps } = memoryDeps();
    const c = await createContact(deps, actor, { name: 'Ann', status: 'dormant' });

    const archived = await archiveContact(deps, actor, c.id);
    const again = await archiveContact(deps, actor, c.id);
    const restored = await restoreContact(deps, actor, c.id);

    expect(archived.status).toBe('archived');
    expect(again.version).toBe(archived.version);
    expect(restored).toMatchObject({ status: 'dormant', version: 3 });
  });

  it('suggests the company owning a work address and never a free-mail one', async () => {
    const { deps } = memoryDeps([aCompany({ id: 'C1', spaceId: 'S', domains: ['acme.example', 'gmail.com'] })]);
    const work = await createContact(deps, actor, { name: 'A', emails: ['a@acme.example'] });
    const free = await createContact(deps, actor, { name: 'B', emails: ['b@gmail.com'] });

    expect(await suggestCompany(deps, work)).toBe('C1');
    expect(await suggestCompany(deps, free)).toBeUndefined();
  });
});
