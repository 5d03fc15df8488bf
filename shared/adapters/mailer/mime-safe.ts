import type { OutboundMail } from '../../domain/orders/ports.js';

/** Characters that end or fold a header line, or that some MUAs treat as line breaks. */
const LINE_BREAKING = /[\r\n\u000b\u000c\u0085\u2028\u2029\u0000]/;
const CONTROL = /[\u0000-\u001f\u007f]/;
/** One plain address: no display name, no list, no comments, no angle brackets, no quotes. */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** A normalized Message-ID (no angle brackets): printable ASCII without `<>` before `@`, a host after. */
const MESSAGE_ID = /^[\x21-\x3b\x3d\x3f-\x7e]{1,200}@[A-Za-z0-9.-]{1,253}$/;

/** True when `text` can sit on one header line without starting another (A9). */
export const isHeaderSafe = (text: string): boolean => !LINE_BREAKING.test(text) && !CONTROL.test(text);

/** True for exactly one plain address (`a@x.example`), never a list or `Name <a@x>`. */
export const isSinglePlainAddress = (text: string): boolean => text.length <= 254 && PLAIN_ADDRESS.test(text);

/** The mail refused at the edge: a user field would have added a header or a recipient. */
export class UnsafeMailError extends Error {
  readonly code = 'unsafe-mail';
}

/**
 * Checks an outbound mail before any provider sees it: one plain recipient, a one-line subject, a
 * Message-ID and Reply-To that cannot add a header.
 * Bodies may hold anything; they never reach the header block as structured parameters.
 * @throws UnsafeMailError naming the field.
 */
export function assertMimeSafe(mail: OutboundMail): OutboundMail {
  if (!isSinglePlainAddress(mail.to)) throw new UnsafeMailError('to must be exactly one plain address');
  if (!isHeaderSafe(mail.subject)) throw new UnsafeMailError('subject must be one line without control characters');
  if (!MESSAGE_ID.test(mail.messageId)) throw new UnsafeMailError('messageId must be one id-left@host without angle brackets');
  if (mail.replyTo !== undefined && !isSinglePlainAddress(mail.replyTo)) throw new UnsafeMailError('replyTo must be exactly one plain address');
  // SES message tag values allow letters, digits, _ - . @ only.
  if (!/^[A-Za-z0-9_.@-]{1,256}$/.test(mail.spaceId)) throw new UnsafeMailError('spaceId must be a plain id');
  return mail;
}
