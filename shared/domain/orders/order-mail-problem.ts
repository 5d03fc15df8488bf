import { markEmailBounced, type MarkBouncedDeps } from '../contacts/mark-bounced.js';
import { markEmailComplained } from '../contacts/mark-complained.js';
import { normalizeEmail } from '../mail/match-addresses.js';
import type { MailRules } from '../rules/mail-rules.js';
import type { SentOrderMail } from './order-mail.js';
import type { OrderMailProblem } from './order.js';
import type { OrderAudit, OrderRuntime } from './ports.js';

/** The order mail lookups and the flag write of the mail-problem use case. */
export interface OrderMailProblemStore {
  findSentByMessageId(spaceId: string, messageId: string): Promise<SentOrderMail | undefined>;
  findSentByProviderId(spaceId: string, providerId: string): Promise<SentOrderMail | undefined>;
  /** Adds the problem to the order with its audit row, once per mail and type; false when it was there. */
  flagMailProblem(spaceId: string, orderId: string, problem: OrderMailProblem, audit: OrderAudit): Promise<boolean>;
}

export interface OrderMailProblemDeps {
  readonly orderMail: OrderMailProblemStore;
  readonly bounces: MarkBouncedDeps;
  readonly runtime: OrderRuntime;
}

/** A bounce or complaint of one mail, from a DSN in the mailbox or an SES notification. */
export interface OrderMailProblemReport {
  readonly spaceId: string;
  /** The mail as the report names it: our Message-ID (a DSN) or the provider's id (SES). */
  readonly sent: { readonly messageId: string } | { readonly providerId: string };
  readonly type: OrderMailProblem['type'];
  readonly recipient: string;
  readonly status?: string;
  readonly at: string;
  readonly via: OrderMailProblem['via'];
  /** The stored id of the bounce mail that reported it (a DSN in the mailbox); none for SES. */
  readonly reportMessageId?: string;
  readonly markHardBounces: MailRules['markHardBounces'];
  readonly correlationId: string;
}

export type OrderMailProblemOutcome =
  | { readonly outcome: 'not-ours' }
  | { readonly outcome: 'flagged' | 'already-flagged'; readonly orderId: string; readonly contactId?: string };

/**
 * Records that a payment email or receipt bounced permanently or drew a complaint: the order gets
 * the problem (once per mail and type, audited), a bounced address is marked on its contact as
 * the mail rules say, and a complaint marks the address as complained on its contact. Only a report of mail we sent for an order, to that very address, counts: a
 * report naming other mail, or another recipient, changes nothing.
 */
export async function recordOrderMailProblem(deps: OrderMailProblemDeps, report: OrderMailProblemReport): Promise<OrderMailProblemOutcome> {
  const sent = 'messageId' in report.sent
    ? await deps.orderMail.findSentByMessageId(report.spaceId, report.sent.messageId.replace(/^<|>$/g, ''))
    : await deps.orderMail.findSentByProviderId(report.spaceId, report.sent.providerId);
  const recipient = normalizeEmail(report.recipient);
  if (!sent || normalizeEmail(sent.to) !== recipient) return { outcome: 'not-ours' };
  const problem: OrderMailProblem = {
    type: report.type, mail: sent.kind, messageId: sent.messageId, recipient, ...(report.status ? { status: report.status } : {}), at: report.at, via: report.via,
  };
  const audit: OrderAudit = {
    id: deps.runtime.newId(), action: 'mail-problem', at: deps.runtime.now().toISOString(), userId: `system:${report.via}`, requestId: report.correlationId,
    details: { ...problem },
  };
  const flagged = await deps.orderMail.flagMailProblem(report.spaceId, sent.orderId, problem, audit);
  const contactId = await markContact(deps.bounces, report, recipient);
  return { outcome: flagged ? 'flagged' : 'already-flagged', orderId: sent.orderId, ...(contactId ? { contactId } : {}) };
}

/**
 * Marks the reported address on its contact: a permanent bounce as the mail rules say, a complaint
 * always. Returns the contact id, or undefined when nothing was marked.
 */
export async function markContact(deps: MarkBouncedDeps, report: Omit<OrderMailProblemReport, 'sent' | 'recipient'>, recipient: string): Promise<string | undefined> {
  const actor = { spaceId: report.spaceId, userId: report.type === 'bounce' ? 'system:bounces' : 'system:complaints', requestId: report.correlationId };
  if (report.type === 'complaint') return markEmailComplained(deps, actor, { email: recipient, at: report.at, ...(report.status ? { feedbackType: report.status } : {}) });
  if (report.markHardBounces === 'off') return undefined;
  return markEmailBounced(deps, actor, {
    email: recipient, at: report.at, status: report.status ?? '5.0.0', via: report.via, ...(report.reportMessageId ? { messageId: report.reportMessageId } : {}),
  }, report.markHardBounces === 'mark_and_demote');
}
