import { auditOf, type Actor } from '../audit/audit-entry.js';
import type { Contact } from './contact.js';
import { MergedRecordError } from './contact-errors.js';
import type { ContactDeps } from './contact-deps.js';
import { assertUnclaimed } from './merge-claim.js';
import { loadContact } from './patch-contact.js';

/**
 * Archives a contact. Its addresses stay reserved, so a restore always succeeds; a duplicate-email
 * 409 then names the archived contact, which the UI can offer to restore. Archiving twice is a no-op.
 */
export async function archiveContact(deps: ContactDeps, actor: Actor, id: string): Promise<Contact> {
  const before = await loadContact(deps, actor.spaceId, id);
  assertUnclaimed(before, 'contact', deps.rt.now());
  if (before.status === 'archived') return before;
  const after: Contact = { ...before, status: 'archived', statusBeforeArchive: before.status, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 };
  await deps.contacts.saveContact(before, after, [auditOf(deps.rt, actor, 'contact', id, 'archive', { changes: { status: { old: before.status, new: 'archived' } } })]);
  return after;
}

/** Brings an archived contact back with the status it had. Restoring a live contact is a no-op. */
export async function restoreContact(deps: ContactDeps, actor: Actor, id: string): Promise<Contact> {
  const before = await loadContact(deps, actor.spaceId, id);
  if (before.mergedInto) throw new MergedRecordError('contact', before.mergedInto);
  assertUnclaimed(before, 'contact', deps.rt.now());
  if (before.status !== 'archived') return before;
  const status = before.statusBeforeArchive ?? 'active';
  const { statusBeforeArchive: _s, ...rest } = before;
  const after: Contact = { ...rest, status, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 };
  await deps.contacts.saveContact(before, after, [auditOf(deps.rt, actor, 'contact', id, 'restore', { changes: { status: { old: 'archived', new: status } } })]);
  return after;
}
