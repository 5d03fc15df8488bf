import { auditOf, type Actor } from '../audit/audit-entry.js';
import { NotFoundError, VersionMismatchError } from '../errors.js';
import { normalizeEmail } from '../mail/match-addresses.js';
import type { Contact } from './contact.js';
import { MergedRecordError } from './contact-errors.js';
import type { ContactDeps } from './contact-deps.js';
import { assertUnclaimed } from './merge-claim.js';
import { loadContact } from './patch-contact.js';

/**
 * Clears the spam-complaint mark of one of the contact's addresses (an admin's decision, e.g. the
 * customer asked to be mailed again), so payment emails to it are sent again. Audited with the mark
 * it removes. @throws NotFoundError (no such contact, or no mark for that address), VersionMismatchError, MergedRecordError
 */
export async function clearComplaint(deps: Pick<ContactDeps, 'contacts' | 'rt'>, actor: Actor, id: string, expectedVersion: number, email: string): Promise<Contact> {
  const before = await loadContact(deps, actor.spaceId, id);
  assertUnclaimed(before, 'contact', deps.rt.now());
  if (before.version !== expectedVersion) throw new VersionMismatchError(before.version);
  if (before.mergedInto) throw new MergedRecordError('contact', before.mergedInto);
  const address = normalizeEmail(email);
  const marks = before.complainedEmails ?? [];
  const cleared = marks.find((c) => normalizeEmail(c.email) === address);
  if (!cleared) throw new NotFoundError('complaint');
  const rest = marks.filter((c) => c !== cleared);
  const after: Contact = { ...before, complainedEmails: rest, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 };
  const changes = { complainedEmails: { old: marks, new: rest } };
  await deps.contacts.saveContact(before, after, [auditOf(deps.rt, actor, 'contact', id, 'update', { changes, details: { clearedComplaint: cleared.email } })]);
  return after;
}
