import * as z from 'zod';
import type { MailRules } from '../rules/mail-rules.js';
import { normalizeEmail } from '../mail/match-addresses.js';
import { markContact, recordOrderMailProblem, type OrderMailProblemDeps, type OrderMailProblemOutcome } from './order-mail-problem.js';

/** The SES message tag naming the Space that sent a mail (set on every order mail we send). */
export const SPACE_TAG = 'mailbridge-space';

const recipients = z.array(z.object({ emailAddress: z.string().min(3).max(320), status: z.string().max(20).optional() })).max(50);

/** An SES bounce or complaint notification (event publishing `eventType` or identity `notificationType`). */
const sesNotification = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  bounce: z.object({ bounceType: z.string(), bouncedRecipients: recipients, timestamp: z.string() }).optional(),
  complaint: z.object({ complainedRecipients: recipients, timestamp: z.string(), complaintFeedbackType: z.string().max(40).optional() }).optional(),
  mail: z.object({
    messageId: z.string().min(1).max(200), tags: z.record(z.string(), z.array(z.string())).optional(),
    destination: z.array(z.string().max(320)).max(100).optional(),
  }),
});

export interface SesNotificationDeps extends OrderMailProblemDeps {
  readonly rules: { getMailRules(spaceId: string): Promise<{ readonly rules: Pick<MailRules, 'markHardBounces'> }> };
}

/** Per recipient: the order mail outcome, or for other mail we sent (replies), whether a contact was marked. */
export type SesRecipientOutcome = OrderMailProblemOutcome | { readonly outcome: 'contact-marked'; readonly contactId: string };

export type SesNotificationOutcome =
  | { readonly outcome: 'ignored'; readonly reason: 'not-a-notification' | 'not-permanent' | 'no-space' | 'other-type' }
  | { readonly outcome: 'handled'; readonly results: readonly SesRecipientOutcome[] };

/**
 * Applies one SES notification about our own send: a permanent bounce or a complaint goes through
 * the same use case as a DSN in the mailbox (flag the order, mark the address on its contact); a
 * transient or undetermined bounce, a delivery and anything unreadable change nothing. The Space
 * comes from the message tag we set on the send. Mail that is no order's (a reply) flags nothing,
 * but its recipient is still marked on their contact when SES names them among the send's
 * recipients: SES itself reports what became of its send, so no bounce mail has to prove it.
 */
export async function handleSesNotification(deps: SesNotificationDeps, message: string, correlationId: string): Promise<SesNotificationOutcome> {
  let parsed: z.output<typeof sesNotification>;
  try {
    parsed = sesNotification.parse(JSON.parse(message));
  } catch {
    return { outcome: 'ignored', reason: 'not-a-notification' };
  }
  const type = parsed.eventType ?? parsed.notificationType;
  const spaceId = parsed.mail.tags?.[SPACE_TAG]?.[0];
  if (!spaceId) return { outcome: 'ignored', reason: 'no-space' };
  const report = type === 'Bounce' && parsed.bounce
    ? (parsed.bounce.bounceType === 'Permanent' ? { type: 'bounce' as const, list: parsed.bounce.bouncedRecipients, at: parsed.bounce.timestamp } : undefined)
    : type === 'Complaint' && parsed.complaint
      ? { type: 'complaint' as const, list: parsed.complaint.complainedRecipients, at: parsed.complaint.timestamp, feedback: parsed.complaint.complaintFeedbackType }
      : null;
  if (report === null) return { outcome: 'ignored', reason: 'other-type' };
  if (report === undefined) return { outcome: 'ignored', reason: 'not-permanent' };
  const { rules } = await deps.rules.getMailRules(spaceId);
  const results: SesRecipientOutcome[] = [];
  const destination = new Set((parsed.mail.destination ?? []).map(normalizeEmail));
  for (const r of report.list) {
    const status = report.type === 'bounce' ? r.status : 'feedback' in report ? report.feedback : undefined;
    const problem = {
      spaceId, type: report.type, ...(status ? { status } : {}), at: report.at, via: 'ses' as const, markHardBounces: rules.markHardBounces, correlationId,
    };
    const ofOrder = await recordOrderMailProblem(deps, { ...problem, sent: { providerId: parsed.mail.messageId }, recipient: r.emailAddress });
    const recipient = normalizeEmail(r.emailAddress);
    const contactId = ofOrder.outcome === 'not-ours' && destination.has(recipient) ? await markContact(deps.bounces, problem, recipient) : undefined;
    results.push(contactId ? { outcome: 'contact-marked', contactId } : ofOrder);
  }
  return { outcome: 'handled', results };
}
