import { auditOf, type Actor } from '../audit/audit-entry.js';
import { VersionMismatchError } from '../errors.js';
import { normalizeEmail } from '../mail/match-addresses.js';
import type { ComplainedEmail, Contact } from './contact.js';
import type { MarkBouncedDeps } from './mark-bounced.js';

const ATTEMPTS = 3;

/**
 * Marks an address as one whose owner reported our mail as spam, on the contact owning it (once: a
 * second complaint changes nothing). Returns the contact id, or undefined when no contact owns it.
 */
export async function markEmailComplained(deps: MarkBouncedDeps, actor: Actor, complaint: ComplainedEmail): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    const before = await deps.contacts.findContactByEmail(actor.spaceId, complaint.email);
    if (!before || before.mergedInto) return undefined;
    if ((before.complainedEmails ?? []).some((c) => c.email === complaint.email)) return before.id;
    const complainedEmails = [...(before.complainedEmails ?? []), complaint];
    const after: Contact = { ...before, complainedEmails, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 };
    const changes = { complainedEmails: { old: before.complainedEmails ?? null, new: complainedEmails } };
    try {
      await deps.contacts.saveContact(before, after, [auditOf(deps.rt, actor, 'contact', before.id, 'update', { changes, details: { complaint: complaint.feedbackType ?? 'unspecified' } })]);
      return before.id;
    } catch (error) {
      if (!(error instanceof VersionMismatchError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** True when the contact's owner of `email` reported our mail as spam. */
export const hasComplained = (contact: { readonly complainedEmails?: readonly { readonly email: string }[] } | undefined, email: string): boolean =>
  (contact?.complainedEmails ?? []).some((c) => normalizeEmail(c.email) === normalizeEmail(email));
