import type { ReplyTagSettings } from '../threads/reply-tag-owner.js';
import type { Order } from './order.js';
import type { MailContent, Mailer, OrderRuntime } from './ports.js';
import { replyMessageId, subjectTag, subjectTagCode, type OutboundKind } from './reply-token.js';

/** One mail sent for an order, as the order's lookup items keep it (Space + Message-ID → order). */
export interface SentOrderMail {
  readonly orderId: string;
  readonly kind: OutboundKind;
  /** Our Message-ID (normalized): the reply token. */
  readonly messageId: string;
  /** The order's subject tag code, looked up when a reply carries only the tag. */
  readonly tagCode: string;
  readonly to: string;
  readonly at: string;
}

/** How the Space's order mail is tagged for replies, and where the sent Message-IDs are kept. */
export interface ReplyTagging {
  readonly key: Buffer;
  /** The right-hand side of our Message-IDs: the sending domain. */
  readonly domain: string;
  settings(spaceId: string): Promise<ReplyTagSettings>;
  /** The Space's connected mailbox address (the oldest mailbox with one); undefined without a mailbox. */
  replyTo(spaceId: string): Promise<string | undefined>;
  /** Keeps the sent Message-ID and the tag code with the order, before the mail leaves. */
  recordSent(spaceId: string, sent: SentOrderMail): Promise<void>;
  /** Keeps the provider's id of the sent mail (SES puts its own Message-ID on it; bounce notifications name it). */
  recordProviderId(spaceId: string, providerId: string, sent: SentOrderMail): Promise<void>;
}

export interface OrderMailDeps {
  readonly mailer: Mailer;
  readonly replyTags: ReplyTagging;
  readonly runtime: OrderRuntime;
}

/**
 * Sends one mail of an order tagged for replies: our Message-ID carries the order's reply token (and
 * goes into References, which replies copy even when the provider rewrites the Message-ID), the
 * subject ends with the order's tag when the Space tags subjects, and Reply-To is the Space's
 * mailbox, so the customer's answer arrives where the CRM syncs and links back to the order.
 * @throws MailerError
 */
export async function sendOrderMail(deps: OrderMailDeps, order: Order, kind: OutboundKind, content: MailContent): Promise<{ providerId: string; messageId: string }> {
  const { key, domain } = deps.replyTags;
  const [settings, replyTo] = await Promise.all([deps.replyTags.settings(order.spaceId), deps.replyTags.replyTo(order.spaceId)]);
  const at = deps.runtime.now();
  const messageId = replyMessageId(key, { spaceId: order.spaceId, orderId: order.id, kind, sequence: at.getTime(), domain });
  const subject = settings.subjectTag ? `${content.subject} ${subjectTag(key, order.spaceId, order.id, settings.prefix)}` : content.subject;
  const sent: SentOrderMail = { orderId: order.id, kind, messageId, tagCode: subjectTagCode(key, order.spaceId, order.id), to: content.to, at: at.toISOString() };
  await deps.replyTags.recordSent(order.spaceId, sent);
  const { providerId } = await deps.mailer.send({ ...content, subject, messageId, spaceId: order.spaceId, ...(replyTo ? { replyTo } : {}) });
  if (providerId) await deps.replyTags.recordProviderId(order.spaceId, providerId, sent);
  return { providerId, messageId };
}
