import { markEmailBounced, type MarkBouncedDeps } from '../contacts/mark-bounced.js';
import { DomainError } from '../errors.js';
import { normalizeEmail } from '../mail/match-addresses.js';
import type { MailRules } from '../rules/mail-rules.js';
import type { Log } from '../../observability/logger.js';

/** A permanent bounce that named mail not imported yet: kept on that mail's identity until it arrives. */
export interface HeldBounce {
  readonly recipient: string;
  readonly status: string;
  readonly at: string;
  /** The stored id of the bounce mail. */
  readonly reportMessageId: string;
}

/**
 * Where held bounces wait: on the identity claim of the mail they name, so the mail's own claim
 * returns them in the same write (no extra read per mail), whichever of the two is linked first.
 */
export interface HeldBounceStore {
  /**
   * Keeps the bounce on the identity (once per recipient, a bounded number per identity). `held`:
   * it waits; `claimed`: the mail's linker took the identity already, at `claimedAt` (it is stored,
   * being linked, or was kept out by a rule), and the bounce is kept for a later claim of the same
   * mail (skipped mail brought in); `deleted`: staff deleted that mail; `full`: too many bounces name it.
   */
  holdBounce(spaceId: string, identity: string, bounce: HeldBounce): Promise<{ state: 'held' | 'claimed' | 'deleted' | 'full'; claimedAt?: string }>;
}

/** How long after its claim a mail with no message item yet counts as being linked (a bounce naming it is retried). */
export const IN_FLIGHT_MS = 15 * 60_000;

/** The bounce names mail a linker is storing right now: retried, the bounce then finds that mail. */
export class BouncedMailInFlightError extends DomainError {
  readonly code = 'bounced-mail-in-flight';
  constructor() {
    super('The mail the bounce returns is being linked; retry');
  }
}

/**
 * Linker step for mail we sent whose bounces were imported before it: each held bounce of one of its
 * recipients (To, Cc) marks that address as the bounce would have. A held bounce of another address
 * (a forged one naming our Message-ID) changes nothing, as does mail we received.
 */
export async function applyHeldBounces(deps: MarkBouncedDeps & { log: Log }, input: {
  spaceId: string; rules: Pick<MailRules, 'markHardBounces'>; held: readonly HeldBounce[]; direction: string;
  recipients: readonly { address: string }[]; correlationId: string;
}): Promise<void> {
  if (input.held.length === 0 || input.direction !== 'outbound' || input.rules.markHardBounces === 'off') return;
  const sentTo = new Set(input.recipients.map((a) => normalizeEmail(a.address)));
  const actor = { spaceId: input.spaceId, userId: 'system:bounces', requestId: input.correlationId };
  for (const bounce of input.held) {
    if (!sentTo.has(bounce.recipient)) continue;
    const contactId = await markEmailBounced(deps, actor, { email: bounce.recipient, at: bounce.at, status: bounce.status, messageId: bounce.reportMessageId, via: 'dsn' },
      input.rules.markHardBounces === 'mark_and_demote');
    deps.log.info('held hard bounce marked', { spaceId: input.spaceId, status: bounce.status, contactId: contactId ?? 'none', correlationId: input.correlationId });
  }
}
