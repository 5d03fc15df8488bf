import type { Actor, Runtime } from '../audit/audit-entry.js';
import { ValidationError, VersionMismatchError } from '../errors.js';
import { normalizeEmail } from '../mail/match-addresses.js';
import type { MailRules } from './mail-rules.js';

export interface MailRulesRepo {
  getMailRules(spaceId: string): Promise<{ rules: MailRules; version: number }>;
  /** @throws VersionMismatchError */
  putMailRules(actor: Actor & { at: string; auditId: string }, rules: MailRules, expectedVersion: number): Promise<unknown>;
}

const ATTEMPTS = 5;
const BLOCKLIST_MAX = 1000;

/**
 * Adds one address to the Space's blocklist (a versioned, audited save like PUT /settings/mail-rules);
 * a concurrent save is read again and the address added to it. Already listed: nothing is written.
 * @throws ValidationError when the blocklist is full
 */
export async function blockAddress(repo: MailRulesRepo, rt: Runtime, actor: Actor, address: string): Promise<void> {
  const entry = normalizeEmail(address);
  for (let attempt = 1; ; attempt++) {
    const { rules, version } = await repo.getMailRules(actor.spaceId);
    if (rules.blocklist.includes(entry)) return;
    if (rules.blocklist.length >= BLOCKLIST_MAX) throw new ValidationError([{ pointer: '#/blocklist', detail: `holds at most ${BLOCKLIST_MAX} entries` }]);
    try {
      await repo.putMailRules({ ...actor, at: rt.now().toISOString(), auditId: rt.newId() }, { ...rules, blocklist: [...rules.blocklist, entry] }, version);
      return;
    } catch (error) {
      if (!(error instanceof VersionMismatchError) || attempt >= ATTEMPTS) throw error;
    }
  }
}
