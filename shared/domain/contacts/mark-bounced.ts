import { auditOf, type Actor, type Runtime } from '../audit/audit-entry.js';
import { VersionMismatchError } from '../errors.js';
import type { BouncedEmail, Contact } from './contact.js';
import type { ContactStore } from './ports.js';

export interface MarkBouncedDeps {
  readonly contacts: Pick<ContactStore, 'findContactByEmail' | 'saveContact'>;
  readonly rt: Runtime;
}

const ATTEMPTS = 3;

/**
 * Marks an address bounced on the contact owning it (once: a second bounce of the same address
 * changes nothing) and, with `demote`, moves the first address that never bounced to the front so it
 * becomes the primary. Returns the contact id, or undefined when no contact owns the address.
 */
export async function markEmailBounced(deps: MarkBouncedDeps, actor: Actor, bounce: BouncedEmail, demote: boolean): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    const before = await deps.contacts.findContactByEmail(actor.spaceId, bounce.email);
    if (!before || before.mergedInto) return undefined;
    if ((before.bouncedEmails ?? []).some((b) => b.email === bounce.email)) return before.id;
    const bouncedEmails = [...(before.bouncedEmails ?? []), bounce];
    const after: Contact = { ...before, bouncedEmails, emails: demote ? demoted(before.emails, bouncedEmails) : before.emails, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 };
    const changes = { bouncedEmails: { old: before.bouncedEmails ?? null, new: bouncedEmails }, ...(after.emails !== before.emails ? { emails: { old: before.emails, new: after.emails } } : {}) };
    try {
      await deps.contacts.saveContact(before, after, [auditOf(deps.rt, actor, 'contact', before.id, 'update', { changes, details: { bounce: bounce.status } })]);
      return before.id;
    } catch (error) {
      if (!(error instanceof VersionMismatchError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** The addresses with the first one that never bounced in front; all bounced: unchanged. */
function demoted(emails: readonly string[], bounced: readonly BouncedEmail[]): readonly string[] {
  const bad = new Set(bounced.map((b) => b.email));
  const good = emails.find((e) => !bad.has(e));
  return good === undefined || good === emails[0] ? emails : [good, ...emails.filter((e) => e !== good)];
}
