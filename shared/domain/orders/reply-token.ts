import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Reply tokens of the mail we send for an order (payment email, receipt). A token is an HMAC over
 * Space and order, so a reply arriving in one Space only resolves to that Space's orders: a token
 * minted for another Space, or edited by hand, never verifies.
 */

export type OutboundKind = 'payment' | 'receipt';

const ORDER_ID = /^ord_[0-9a-f]{32}$/;
const MAC_CHARS = 16;
const TAG_CHARS = 8;
/** Crockford base32: no I, L, O, U, so a tag read aloud or retyped keeps its meaning. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The reply-tag key, derived from the app secret so the secret itself never signs anything else. */
export const replyTagKey = (appSecret: string): Buffer =>
  createHmac('sha256', appSecret).update('mailbridge/reply-tags/v1').digest();

const mac = (key: Buffer, parts: readonly string[]): Buffer =>
  createHmac('sha256', key).update(JSON.stringify(parts)).digest();

const base32 = (bytes: Buffer, chars: number): string => {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === chars) break;
  }
  return out;
};

const sameText = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export interface ReplyMessageIdInput {
  readonly spaceId: string;
  readonly orderId: string;
  readonly kind: OutboundKind;
  /** Distinguishes every send of the same kind (a resent payment email needs its own Message-ID); the send time in ms does. */
  readonly sequence: number;
  /** The right-hand side of the Message-ID: the sending domain. */
  readonly domain: string;
}

/** `mb.{orderId}.{kind}{sequence}.{mac}@{domain}`: the Message-ID of one outbound mail of an order, normalized (no angle brackets) like every stored id. */
export function replyMessageId(key: Buffer, input: ReplyMessageIdInput): string {
  if (!ORDER_ID.test(input.orderId)) throw new Error('replyMessageId needs an order id');
  if (!Number.isSafeInteger(input.sequence) || input.sequence < 0) throw new Error('replyMessageId needs a sequence >= 0');
  const label = `${input.kind}${input.sequence}`;
  const tag = base32(mac(key, ['message-id', input.spaceId, input.orderId, label]), MAC_CHARS).toLowerCase();
  return `mb.${input.orderId}.${label}.${tag}@${input.domain}`;
}

const MESSAGE_ID = /^<?mb\.(ord_[0-9a-f]{32})\.((?:payment|receipt)\d{1,15})\.([0-9a-z]{16})@[^\s<>@]+>?$/;

/** The order a Message-ID we minted for this Space names; undefined for any other Message-ID. */
export function orderOfReplyMessageId(key: Buffer, spaceId: string, messageId: string): string | undefined {
  // We mint lower case only; some clients and relays change the case of ids they copy.
  const match = MESSAGE_ID.exec(messageId.trim().toLowerCase());
  if (!match) return undefined;
  const [, orderId, label, tag] = match as unknown as [string, string, string, string];
  const expected = base32(mac(key, ['message-id', spaceId, orderId, label]), MAC_CHARS).toLowerCase();
  return sameText(expected, tag) ? orderId : undefined;
}

/** The first In-Reply-To or References entry that is one of this Space's order Message-IDs. */
export function orderOfReferences(key: Buffer, spaceId: string, parents: readonly string[]): string | undefined {
  for (const parent of parents) {
    const orderId = orderOfReplyMessageId(key, spaceId, parent);
    if (orderId) return orderId;
  }
  return undefined;
}

const PREFIX = /^[A-Z]{1,6}$/;

/** The short code of an order's subject tag; the store keeps it with the order to look it up within the Space. */
export const subjectTagCode = (key: Buffer, spaceId: string, orderId: string): string =>
  base32(mac(key, ['subject-tag', spaceId, orderId]), TAG_CHARS);

/** `[MB-7K2QX4PA]` for prefix `MB`. */
export function subjectTag(key: Buffer, spaceId: string, orderId: string, prefix: string): string {
  if (!PREFIX.test(prefix)) throw new Error('subject tag prefix must be 1-6 capital letters');
  return `[${prefix}-${subjectTagCode(key, spaceId, orderId)}]`;
}

/**
 * The tag codes with this prefix in a subject (a reply may quote several); matching ignores case
 * and reads the letters Crockford base32 confuses (O, I, L) as the digits they stand for.
 */
export function subjectTagCodes(subject: string, prefix: string): string[] {
  if (!PREFIX.test(prefix)) return [];
  const found = subject.matchAll(new RegExp(`\\[${prefix}-([0-9A-Za-z]{${TAG_CHARS}})\\]`, 'gi'));
  const codes = [...found].map((m) => m[1]!.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1'));
  return [...new Set(codes)].filter((code) => [...code].every((c) => BASE32.includes(c)));
}

/** Whether a tag code read from a subject is the one this Space minted for the order. */
export const verifySubjectTag = (key: Buffer, spaceId: string, orderId: string, code: string): boolean =>
  sameText(subjectTagCode(key, spaceId, orderId), code.toUpperCase());
