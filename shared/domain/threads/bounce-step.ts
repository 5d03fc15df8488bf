import { markEmailBounced, type MarkBouncedDeps } from '../contacts/mark-bounced.js';
import type { AutomatedVerdict } from '../mail/classify-automated.js';
import { normalizeEmail } from '../mail/match-addresses.js';
import { messageIdentity } from '../mail/message-identity.js';
import type { MailRules } from '../rules/mail-rules.js';
import type { Log } from '../../observability/logger.js';
import { recordOrderMailProblem, type OrderMailProblemStore } from '../orders/order-mail-problem.js';
import { BouncedMailInFlightError, IN_FLIGHT_MS, type HeldBounceStore } from './held-bounces.js';
import type { MessageRecord } from './ports.js';

/**
 * Contacts to mark, the mail sent for orders (a bounce of a payment email or receipt flags its
 * order), and where bounces of mail not imported yet wait for it.
 */
export type BounceDeps = MarkBouncedDeps & { readonly orderMail: OrderMailProblemStore; readonly held: HeldBounceStore };

export interface BounceStepDeps extends BounceDeps {
  readonly findMessage: (spaceId: string, id: string) => Promise<MessageRecord | undefined>;
  readonly log: Log;
}

/**
 * Linker step for a permanent (5.x.x) bounce: it counts only when it names the mail it returns and
 * that mail is one we sent to the failed address (a forged bounce, a VERP guess or a bounce of mail
 * we never sent changes nothing); then the address is marked bounced on its contact. A temporary
 * (4.x.x) failure changes nothing. A bounce of mail not imported yet is held for it (held-bounces.ts). A bounce of a payment email or receipt (its Message-ID is one we
 * kept for an order) flags that order too, whatever markHardBounces says.
 */
export async function bounceStep(deps: BounceStepDeps, input: {
  spaceId: string; rules: Pick<MailRules, 'markHardBounces'>; verdict: AutomatedVerdict; bounceMessageId: string; at: string; correlationId: string;
}): Promise<void> {
  const bounce = input.verdict.kind === 'bounce' ? input.verdict.bounce : undefined;
  if (!bounce?.permanent || !bounce.recipient || !bounce.originalMessageId) return;
  const ofOrder = await recordOrderMailProblem({ orderMail: deps.orderMail, bounces: deps, runtime: deps.rt }, {
    spaceId: input.spaceId, sent: { messageId: bounce.originalMessageId }, type: 'bounce', recipient: bounce.recipient, status: bounce.status,
    at: input.at, via: 'dsn', reportMessageId: input.bounceMessageId, markHardBounces: input.rules.markHardBounces, correlationId: input.correlationId,
  });
  if (ofOrder.outcome !== 'not-ours') {
    deps.log.info('bounce of order mail recorded', { spaceId: input.spaceId, orderId: ofOrder.orderId, outcome: ofOrder.outcome, status: bounce.status, correlationId: input.correlationId });
    return;
  }
  if (input.rules.markHardBounces === 'off') return;
  const recipient = normalizeEmail(bounce.recipient);
  const identity = messageIdentity(input.spaceId, { messageId: bounce.originalMessageId });
  let original = await deps.findMessage(input.spaceId, identity);
  if (!original) {
    // Not imported yet (the bounce came first, or its mail is in a folder synced later): the bounce
    // waits on that mail's identity, and the linker of that mail marks the address if it is ours to that address.
    const held = await deps.held.holdBounce(input.spaceId, identity, { recipient, status: bounce.status, at: input.at, reportMessageId: input.bounceMessageId });
    if (held.state === 'claimed') original = await deps.findMessage(input.spaceId, identity);
    if (!original) {
      // Claimed a moment ago and not stored yet: its linker is at work, and may have claimed before the hold.
      const inFlight = held.claimedAt !== undefined && deps.rt.now().getTime() - Date.parse(held.claimedAt) < IN_FLIGHT_MS;
      if (held.state === 'claimed' && inFlight) throw new BouncedMailInFlightError();
      deps.log.info('bounce held until the mail it returns is imported', { spaceId: input.spaceId, held: held.state, correlationId: input.correlationId });
      return;
    }
  }
  const sentToRecipient = original?.direction === 'outbound' && [...original.to, ...original.cc].some((a) => normalizeEmail(a.address) === recipient);
  if (!sentToRecipient) {
    deps.log.info('bounce ignored: not a bounce of mail we sent to that address', { spaceId: input.spaceId, correlationId: input.correlationId });
    return;
  }
  const actor = { spaceId: input.spaceId, userId: 'system:bounces', requestId: input.correlationId };
  const contactId = await markEmailBounced(deps, actor, { email: recipient, at: input.at, status: bounce.status, messageId: input.bounceMessageId, via: 'dsn' },
    input.rules.markHardBounces === 'mark_and_demote');
  deps.log.info('hard bounce marked', { spaceId: input.spaceId, status: bounce.status, contactId: contactId ?? 'none', correlationId: input.correlationId });
}
