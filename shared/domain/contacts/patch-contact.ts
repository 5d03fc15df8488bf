import { auditOf, diffFields, type Actor } from '../audit/audit-entry.js';
import { NotFoundError, VersionMismatchError } from '../errors.js';
import { CONTACT_AUDITED, normalizeTags, type Contact, type ContactFields } from './contact.js';
import { MergedRecordError } from './contact-errors.js';
import { linkedCompany, uniqueEmails, type ContactDeps } from './contact-deps.js';
import { assertUnclaimed } from './merge-claim.js';
import { checkOwner } from '../customers/record-owner.js';
import { prepareFields, unchangedFields } from '../custom-fields/record-fields.js';

export type ContactPatch = Partial<Omit<ContactFields, 'customFields'>> & { customFields?: Record<string, unknown> };

/** Loads a contact of the Space. @throws NotFoundError (same for another Space's id). */
export async function loadContact(deps: Pick<ContactDeps, 'contacts'>, spaceId: string, id: string): Promise<Contact> {
  const contact = await deps.contacts.getContact(spaceId, id);
  if (!contact) throw new NotFoundError('contact');
  return contact;
}

/**
 * Changes some fields when `expectedVersion` is still current (optimistic concurrency); `null`
 * clears an optional field. Writes one audit row with the field-level changes.
 * @throws VersionMismatchError (412), DuplicateEmailError, NotFoundError, MergedRecordError, MergeInProgressError
 */
export async function patchContact(deps: ContactDeps, actor: Actor, id: string, expectedVersion: number, patch: ContactPatch): Promise<Contact> {
  const before = await loadContact(deps, actor.spaceId, id);
  assertUnclaimed(before, 'contact', deps.rt.now());
  if (before.version !== expectedVersion) throw new VersionMismatchError(before.version);
  if (before.mergedInto) throw new MergedRecordError('contact', before.mergedInto);
  await checkOwner(deps.staff, actor.spaceId, patch.ownerId);
  const company = patch.companyId ? await linkedCompany(deps, actor.spaceId, patch.companyId) : undefined;
  const draft: Record<string, unknown> = { ...before };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'customFields' || v === undefined) continue;
    if (v === null) delete draft[k];
    else draft[k] = v;
  }
  if (patch.companyId === null) delete draft.companyName;
  if (company) draft.companyName = company.name;
  if (patch.emails) draft.emails = uniqueEmails(patch.emails);
  if (patch.tags) draft.tags = normalizeTags(patch.tags);
  if (patch.roles) draft.roles = [...new Set(patch.roles)];
  const fields = patch.customFields
    ? await prepareFields(deps.customFields, actor.spaceId, 'contact', before.customFields, patch.customFields)
    : unchangedFields(before.customFields);
  draft.customFields = fields.values;
  const changes = diffFields(before, draft as unknown as Contact, CONTACT_AUDITED);
  if (Object.keys(changes).length === 0) return before;
  const after = { ...draft, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 } as unknown as Contact;
  await fields.save(id, after.version, () => deps.contacts.saveContact(before, after, [auditOf(deps.rt, actor, 'contact', id, 'update', { changes })]));
  return after;
}
