import type { Order } from '../orders/order.js';
import { orderOfReferences, subjectTagCodes, verifySubjectTag } from '../orders/reply-token.js';

/** How a Space tags the mail it sends for orders: the subject tag is optional, the Message-ID always carries a token. */
export interface ReplyTagSettings {
  readonly subjectTag: boolean;
  readonly prefix: string;
}

export interface ReplyTagDeps {
  /** The reply-tag key, read only for a mail that carries something that looks like a token. */
  key(): Promise<Buffer>;
  readonly orders: {
    getOrder(spaceId: string, id: string): Promise<Order | undefined>;
    /** The order whose subject tag code this is, within the Space (the store keeps the code with the order). */
    findOrderBySubjectTag(spaceId: string, code: string): Promise<string | undefined>;
  };
}

export interface ReplyTagMail {
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  readonly subject: string;
}

/** The order a reply answers and the customer to link it to, whoever sent it. */
export interface TaggedOrder {
  readonly orderId: string;
  readonly threadId?: string;
  readonly contactIds: readonly string[];
  readonly companyIds: readonly string[];
  readonly by: 'message_id' | 'subject_tag';
}

const MAX_TAG_LOOKUPS = 3;
/** Our Message-IDs start `mb.ord_`; other ids need no key and no HMAC. */
const LOOKS_MINTED = /^<?mb\.ord_/i;

/**
 * The order a reply to our mail belongs to: first a verified order Message-ID in In-Reply-To or
 * References, then (when the Space tags subjects) a subject tag that verifies for this Space. A token
 * of another Space, an edited one or an order this Space does not hold gives undefined.
 */
export async function orderOfReply(deps: ReplyTagDeps, spaceId: string, settings: ReplyTagSettings, mail: ReplyTagMail): Promise<TaggedOrder | undefined> {
  const parents = [mail.inReplyTo, ...[...mail.references].reverse()].filter((p): p is string => p !== undefined && LOOKS_MINTED.test(p));
  const codes = settings.subjectTag ? subjectTagCodes(mail.subject, settings.prefix).slice(0, MAX_TAG_LOOKUPS) : [];
  if (parents.length === 0 && codes.length === 0) return undefined;
  const key = await deps.key();
  const byId = orderOfReferences(key, spaceId, parents);
  if (byId) {
    const order = await deps.orders.getOrder(spaceId, byId);
    if (order) return owned(order, 'message_id');
  }
  for (const code of codes) {
    const orderId = await deps.orders.findOrderBySubjectTag(spaceId, code);
    // The stored index is only a lookup: the tag must still verify for this Space and order.
    if (!orderId || !verifySubjectTag(key, spaceId, orderId, code)) continue;
    const order = await deps.orders.getOrder(spaceId, orderId);
    if (order) return owned(order, 'subject_tag');
  }
  return undefined;
}

const owned = (order: Order, by: TaggedOrder['by']): TaggedOrder => ({
  orderId: order.id,
  ...(order.threadId ? { threadId: order.threadId } : {}),
  contactIds: order.contactId ? [order.contactId] : [],
  companyIds: order.companyId ? [order.companyId] : [],
  by,
});
