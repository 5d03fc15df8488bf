import { DomainError } from '../errors.js';

/** A user field would have started a header line or added a recipient; nothing was sent. */
export class UnsafeHeaderError extends DomainError {
  readonly code = 'unsafe-header';
  constructor(readonly field: string) {
    super(`${field} cannot go into a mail header`, { field });
  }
}

export interface ReplyAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** Everything a reply's MIME needs; every id is normalized (no angle brackets). */
export interface ReplyDraft {
  /** The sender identity (an SES-verified address), optionally `Name <address>`'s parts. */
  readonly from: { readonly address: string; readonly name?: string };
  /** The Space's mailbox, so the customer's answer lands where the CRM syncs. */
  readonly replyTo: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly messageId: string;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  readonly date: Date;
  readonly text: string;
  readonly attachments: readonly ReplyAttachment[];
  /** MIME boundary seed; deterministic in tests. */
  readonly boundary: string;
}

const LINE_BREAKING = /[\r\n\u000b\u000c\u0085\u2028\u2029\u0000-\u001f\u007f]/;
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const MESSAGE_ID = /^[\x21-\x3b\x3d\x3f-\x7e]+@[A-Za-z0-9.-]+$/;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

/** True when `text` can sit on one header line without starting another. */
export const isHeaderSafe = (text: string): boolean => !LINE_BREAKING.test(text);

/** True for exactly one plain address (`a@x.example`), never a list or `Name <a@x>`. */
export const isPlainAddress = (text: string): boolean => text.length <= 254 && PLAIN_ADDRESS.test(text);

/**
 * Builds the raw MIME of a reply: threading headers a mail client follows (In-Reply-To, References),
 * Reply-To the Space's mailbox, text as base64 UTF-8 and attachments as base64 parts. Names and the
 * subject are RFC 2047 words and file names RFC 2231 values, so no user text reaches a header as is.
 * @throws UnsafeHeaderError naming the first field that could have added a header or a recipient
 */
export function composeReply(draft: ReplyDraft): Buffer {
  assertSafe(draft);
  const headers = [
    `From: ${draft.from.name ? `${encodeWord(draft.from.name)} ` : ''}<${draft.from.address}>`,
    `To: ${draft.to.join(', ')}`,
    ...(draft.cc.length ? [`Cc: ${draft.cc.join(', ')}`] : []),
    `Reply-To: <${draft.replyTo}>`,
    `Subject: ${encodeWord(draft.subject)}`,
    `Date: ${draft.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${draft.messageId}>`,
    ...(draft.inReplyTo ? [`In-Reply-To: <${draft.inReplyTo}>`] : []),
    ...(draft.references.length ? [`References: ${draft.references.map((id) => `<${id}>`).join('\r\n ')}`] : []),
    'MIME-Version: 1.0',
  ];
  const textPart = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from(draft.text, 'utf8'))];
  if (draft.attachments.length === 0) return Buffer.from([...headers, ...textPart, ''].join('\r\n'), 'utf8');
  const boundary = `=_mb_${draft.boundary}`;
  const parts = [textPart, ...draft.attachments.map((a) => [
    `Content-Type: ${a.contentType.toLowerCase()}`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename*=UTF-8''${encodeRfc2231(a.filename)}`,
    '',
    base64Lines(a.content),
  ])];
  return Buffer.from([
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    ...parts.flatMap((part) => [`--${boundary}`, ...part]),
    `--${boundary}--`,
    '',
  ].join('\r\n'), 'utf8');
}

function assertSafe(draft: ReplyDraft): void {
  const checks: [string, boolean][] = [
    ['from', isPlainAddress(draft.from.address) && isHeaderSafe(draft.from.name ?? '')],
    ['replyTo', isPlainAddress(draft.replyTo)],
    ...draft.to.map((a, i): [string, boolean] => [`to/${i}`, isPlainAddress(a)]),
    ...draft.cc.map((a, i): [string, boolean] => [`cc/${i}`, isPlainAddress(a)]),
    ['subject', isHeaderSafe(draft.subject)],
    ['messageId', MESSAGE_ID.test(draft.messageId)],
    ['inReplyTo', draft.inReplyTo === undefined || MESSAGE_ID.test(draft.inReplyTo)],
    ...draft.references.map((id, i): [string, boolean] => [`references/${i}`, MESSAGE_ID.test(id)]),
    ...draft.attachments.flatMap((a, i): [string, boolean][] => [
      [`attachments/${i}/filename`, isHeaderSafe(a.filename)],
      [`attachments/${i}/contentType`, CONTENT_TYPE.test(a.contentType)],
    ]),
    ['boundary', /^[A-Za-z0-9]{8,40}$/.test(draft.boundary)],
  ];
  const bad = checks.find(([, ok]) => !ok);
  if (bad) throw new UnsafeHeaderError(bad[0]);
  if (draft.to.length === 0) throw new UnsafeHeaderError('to');
}

/** An RFC 2047 encoded word when the text is not plain printable ASCII, else the text itself. */
export function encodeWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text;
  // Encoded words are at most 75 chars: split the UTF-8 on character boundaries.
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

function encodeRfc2231(name: string): string {
  return encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function base64Lines(content: Buffer): string {
  return (content.toString('base64').match(/.{1,76}/g) ?? ['']).join('\r\n');
}
