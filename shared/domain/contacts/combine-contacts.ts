import type { Contact } from './contact.js';
import type { CustomFields } from './custom-fields.js';

/** Fields a contact merge may take from a merged record instead of the master. */
export const CONTACT_MERGEABLE = ['name', 'emails', 'phones', 'companyId', 'level', 'notes', 'status', 'primaryContact', 'customFields', 'ownerId'] as const;

const union = <T>(...lists: (readonly T[])[]): T[] => [...new Set(lists.flat())];

/**
 * The master after absorbing `merged`: addresses, phones, tags and roles are united (the picked
 * record's primary address first), notes appended, custom fields filled in where the master has
 * none; any field in `pick` comes from the named record.
 */
export function combineContacts(master: Contact, merged: readonly Contact[], pick: Readonly<Record<string, Contact>>, now: string): Contact {
  const all = [master, ...merged];
  const emailsFirst = pick.emails ?? master;
  const customFields = Object.assign({}, ...[...merged].reverse().map((m) => m.customFields), master.customFields,
    pick.customFields?.customFields ?? {}) as CustomFields;
  const owner = pick.ownerId ?? (master.ownerId ? master : merged.find((m) => m.ownerId));
  const company = pick.companyId ?? (master.companyId ? master : merged.find((m) => m.companyId));
  const notes = pick.notes ? pick.notes.notes : all.map((c) => c.notes).filter(Boolean).join('\n\n') || undefined;
  const scalar = <K extends 'name' | 'level' | 'status' | 'primaryContact'>(k: K) => (pick[k] ?? master)[k];
  const result: Record<string, unknown> = {
    ...master,
    name: scalar('name'),
    emails: union(emailsFirst.emails, ...all.map((c) => c.emails)),
    phones: pick.phones ? union(pick.phones.phones, ...all.map((c) => c.phones)) : union(...all.map((c) => c.phones)),
    tags: union(...all.map((c) => c.tags)),
    roles: union(...all.map((c) => c.roles)),
    primaryContact: pick.primaryContact ? pick.primaryContact.primaryContact : all.some((c) => c.primaryContact),
    level: scalar('level'),
    status: scalar('status') === 'archived' ? master.status : scalar('status'),
    customFields,
    companyId: company?.companyId,
    companyName: company?.companyName,
    notes,
    ownerId: owner?.ownerId,
    updatedAt: now,
    version: master.version + 1,
  };
  for (const k of Object.keys(result)) if (result[k] === undefined) delete result[k];
  return result as unknown as Contact;
}
