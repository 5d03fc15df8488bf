import { encodeWord } from '../../domain/threads/compose-reply.js';
import type { OutboundMail } from '../../domain/orders/ports.js';
import { isHeaderSafe } from './mime-safe.js';

const base64Lines = (text: string): string => (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? ['']).join('\r\n');

/**
 * The raw MIME of an order mail: our Message-ID (the reply token, also in References), Reply-To the Space's mailbox, the
 * subject as RFC 2047 words and both bodies as base64 UTF-8 in multipart/alternative, so no user
 * text reaches the header block as is. `from` is the configured sender (MAIL_FROM).
 * Call assertMimeSafe(mail) first.
 */
export function composeOrderMime(mail: OutboundMail, from: string, date: Date, boundary: string): Buffer {
  if (!isHeaderSafe(from) || !/^[A-Za-z0-9]{8,40}$/.test(boundary)) throw new Error('composeOrderMime needs a one-line sender and a plain boundary');
  const b = `=_mb_${boundary}`;
  return Buffer.from([
    `From: ${from}`,
    `To: ${mail.to}`,
    ...(mail.replyTo ? [`Reply-To: <${mail.replyTo}>`] : []),
    `Subject: ${encodeWord(mail.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${mail.messageId}>`,
    // SES replaces the Message-ID with its own; replies copy References, so the token still comes back.
    `References: <${mail.messageId}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${b}"`,
    '',
    `--${b}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', base64Lines(mail.text),
    `--${b}`, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', base64Lines(mail.html),
    `--${b}--`, '',
  ].join('\r\n'), 'utf8');
}
