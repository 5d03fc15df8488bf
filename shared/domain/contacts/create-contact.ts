import { auditOf, type Actor } from '../audit/audit-entry.js';
import { normalizeTags, type Contact, type ContactFields } from './contact.js';
import { linkedCompany, uniqueEmails, type ContactDeps } from './contact-deps.js';
import { checkOwner } from '../customers/record-owner.js';
import { prepareFields } from '../custom-fields/record-fields.js';

export type NewContact = Pick<ContactFields, 'name'> & Partial<Omit<ContactFields, 'name' | 'customFields'>> & { customFields?: Record<string, unknown> };

/**
 * Creates a contact: its addresses are reserved in the same transaction, with the audit row.
 * @throws DuplicateEmailError (409 with existingId), ValidationError for an unknown company or a bad custom field.
 */
export async function createContact(deps: ContactDeps, actor: Actor, input: NewContact): Promise<Contact> {
  const company = input.companyId ? await linkedCompany(deps, actor.spaceId, input.companyId) : undefined;
  await checkOwner(deps.staff, actor.spaceId, input.ownerId);
  const fields = await prepareFields(deps.customFields, actor.spaceId, 'contact', {}, input.customFields ?? {});
  const now = deps.rt.now().toISOString();
  const contact: Contact = {
    id: deps.rt.newId(),
    spaceId: actor.spaceId,
    name: input.name.trim(),
    emails: uniqueEmails(input.emails ?? []),
    phones: input.phones ?? [],
    ...(company ? { companyId: company.id, companyName: company.name } : {}),
    roles: [...new Set(input.roles ?? [])],
    primaryContact: input.primaryContact ?? false,
    ...(input.level ? { level: input.level } : {}),
    tags: normalizeTags(input.tags ?? []),
    ...(input.notes ? { notes: input.notes } : {}),
    ...(input.ownerId ? { ownerId: input.ownerId } : {}),
    customFields: fields.values,
    status: input.status ?? 'active',
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await fields.save(contact.id, contact.version, () => deps.contacts.createContact(contact, auditOf(deps.rt, actor, 'contact', contact.id, 'create')));
  return contact;
}
