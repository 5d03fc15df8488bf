import { parseAddressHeader } from 'mailparser';
import { cleanLine } from '../../domain/mail/clean-text.js';
import { normalizeMessageId, parseMessageIdList, syntheticMessageId } from '../../domain/mail/message-identity.js';
import { MAIL_LIMITS, type MailAddress, type ParsedMail } from '../../domain/mail/parsed-mail.js';
import { headersOfInterest, mailDate, toAddresses } from './mail-fields.js';
import { decodeWords, firstHeader, scanHeaders } from './scan-headers.js';

/**
 * The 'unparsed' result for a mail mailparser refused (M1-M3): identity, people, subject and date
 * from a headers-only scan of the first 64 KB, no body. The raw mail still goes to S3; the linker
 * stores a headers-only activity and acknowledges the record (no DLQ).
 */
export function unparsedMail(raw: Buffer, rawSha256: string, reason: string, internalDate?: Date | string): ParsedMail {
  const headers = scanHeaders(raw, MAIL_LIMITS.headerScanBytes);
  const own = normalizeMessageId(firstHeader(headers, 'message-id'));
  const messageId = own ?? syntheticMessageId(rawSha256);
  let budget: number = MAIL_LIMITS.recipients;
  let truncated = 0;
  const people = (name: string, recipients = false): MailAddress[] => {
    const values = headers.get(name);
    if (!values) return [];
    try {
      const parsed = toAddresses(parseAddressHeader(values.map(decodeWords)), recipients ? budget : 50);
      if (recipients) { budget -= parsed.list.length; truncated += parsed.dropped; }
      return parsed.list;
    } catch {
      return [];
    }
  };
  const date = mailDate(firstHeader(headers, 'date'), internalDate);
  const inReplyTo = parseMessageIdList(firstHeader(headers, 'in-reply-to'), 1).find((id) => id !== messageId);
  return {
    parseStatus: 'unparsed',
    parseError: cleanLine(reason, 300) || 'unknown',
    messageId,
    messageIdSynthetic: own === undefined,
    ...(inReplyTo ? { inReplyTo } : {}),
    references: parseMessageIdList(headers.get('references'), MAIL_LIMITS.references + 1)
      .filter((id) => id !== messageId).slice(0, MAIL_LIMITS.references),
    from: people('from'),
    sender: people('sender'),
    replyTo: people('reply-to'),
    to: people('to', true),
    cc: people('cc', true),
    bcc: people('bcc', true),
    truncatedRecipients: truncated,
    subject: cleanLine(decodeWords(firstHeader(headers, 'subject') ?? ''), MAIL_LIMITS.subjectChars),
    ...(date ? { date } : {}),
    text: '',
    snippet: '',
    attachments: [],
    headers: headersOfInterest(headers),
    size: raw.length,
    rawSha256,
    contentSha256: rawSha256,
  };
}
