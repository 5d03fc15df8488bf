import { simpleParser, type Attachment, type ParsedMail as MailparserMail } from 'mailparser';
import { cleanLine, cleanText } from '../../domain/mail/clean-text.js';
import { htmlToText } from '../../domain/mail/html-to-text.js';
import { normalizeMessageId, parseMessageIdList, syntheticMessageId } from '../../domain/mail/message-identity.js';
import { MAIL_LIMITS, type AttachmentContent, type AttachmentMeta, type MimeParseResult, type ParseMimeOptions, type ParsedMail } from '../../domain/mail/parsed-mail.js';
import { snippetOf } from '../../domain/mail/strip-quoted.js';
import { contentHash, headerMapFromLines, headersOfInterest, mailDate, sanitizeFilename, sha256Hex, toAddresses } from './mail-fields.js';
import { sanitizeHtml } from './sanitize-html.js';
import { decodeBytes, firstHeader, scanHeaders } from './scan-headers.js';
import { unparsedMail } from './unparsed-mail.js';

const PARSER_OPTIONS = {
  maxHtmlLengthToParse: 1_000_000, // M4: 2.1 MB of HTML costs 832 ms uncapped, 38 ms capped
  skipHtmlToText: true, // the text of an HTML-only mail comes from htmlToText: mailparser's glues table cells
  skipTextToHtml: true, // M5
  skipTextLinks: true, // M5
  skipImageLinks: true, // no data: URLs inlined into the HTML
  keepCidLinks: true,
  keepDeliveryStatus: true, // the DSN part arrives as an attachment we read (M8)
  checksumAlgo: false, // we hash attachments ourselves with sha256
} as const;
const REPORT_PARTS = /^(?:message\/(?:global-)?delivery-status)$/i;
const ORIGINAL_HEADERS = /^(?:text\/rfc822-headers|message\/rfc822|message\/global-headers)$/i;

/**
 * Parses a raw mail into a normalized ParsedMail plus attachment bytes. Never throws: a mail
 * mailparser refuses (part/header bombs, deep nesting, anything thrown) comes back 'unparsed' with a
 * reason and header fields from a cheap scan (M1-M3); broken charsets still give valid UTF-8 (M6).
 */
export async function parseMime(raw: Buffer, opts: ParseMimeOptions = {}): Promise<MimeParseResult> {
  const rawSha256 = sha256Hex(raw);
  if (opts.headersOnlyReason !== undefined) return { mail: unparsedMail(raw, rawSha256, opts.headersOnlyReason, opts.internalDate), contents: [] };
  if (raw.length > (opts.maxParseBytes ?? 40 * 1024 * 1024)) {
    return { mail: unparsedMail(raw, rawSha256, 'too-large', opts.internalDate), contents: [] };
  }
  let parsed: MailparserMail;
  try {
    parsed = await simpleParser(raw, PARSER_OPTIONS);
  } catch (err) {
    return { mail: unparsedMail(raw, rawSha256, describe(err), opts.internalDate), contents: [] };
  }
  try {
    return toResult(raw, rawSha256, parsed, opts);
  } catch (err) {
    return { mail: unparsedMail(raw, rawSha256, `normalize: ${describe(err)}`, opts.internalDate), contents: [] };
  }
}

function toResult(raw: Buffer, rawSha256: string, parsed: MailparserMail, opts: ParseMimeOptions): MimeParseResult {
  const headers = headerMapFromLines(parsed.headerLines);
  const own = normalizeMessageId(parsed.messageId);
  const messageId = own ?? syntheticMessageId(rawSha256);
  let budget: number = MAIL_LIMITS.recipients;
  let truncated = 0;
  const recipients = (value: Parameters<typeof toAddresses>[0]) => {
    const { list, dropped } = toAddresses(value, budget);
    budget -= list.length;
    truncated += dropped;
    return list;
  };
  const single = (value: Parameters<typeof toAddresses>[0]) => toAddresses(value, 50).list;
  const report = readReport(parsed.attachments);
  const { metas, contents } = readAttachments(parsed.attachments.filter((a) => !REPORT_PARTS.test(a.contentType)));
  const html = typeof parsed.html === 'string' ? sanitizeHtml(parsed.html, MAIL_LIMITS.htmlBytes) || undefined : undefined;
  const text = cleanText(parsed.text || (html ? htmlToText(html) : ''), MAIL_LIMITS.textBytes);
  const subject = cleanLine(parsed.subject ?? '', MAIL_LIMITS.subjectChars);
  const inReplyTo = parseMessageIdList(parsed.inReplyTo, 1).find((id) => id !== messageId);
  const date = mailDate(firstHeader(headers, 'date'), opts.internalDate);
  const mail: ParsedMail = {
    parseStatus: 'parsed',
    messageId,
    messageIdSynthetic: own === undefined,
    ...(inReplyTo ? { inReplyTo } : {}),
    references: parseMessageIdList(parsed.references, MAIL_LIMITS.references + 1)
      .filter((id) => id !== messageId).slice(0, MAIL_LIMITS.references),
    from: single(parsed.from),
    sender: single(parsed.headers.get('sender') as Parameters<typeof toAddresses>[0]),
    replyTo: single(parsed.replyTo),
    to: recipients(parsed.to),
    cc: recipients(parsed.cc),
    bcc: recipients(parsed.bcc),
    truncatedRecipients: truncated,
    subject,
    ...(date ? { date } : {}),
    text,
    ...(html ? { html } : {}),
    snippet: snippetOf(text, MAIL_LIMITS.snippetChars),
    attachments: metas,
    headers: headersOfInterest(headers),
    ...report,
    size: raw.length,
    rawSha256,
    contentSha256: contentHash({ subject, text, html, attachmentShas: metas.map((m) => m.sha256) }),
  };
  return { mail, contents };
}

function readAttachments(attachments: readonly Attachment[]): { metas: AttachmentMeta[]; contents: AttachmentContent[] } {
  const metas: AttachmentMeta[] = [];
  const contents: AttachmentContent[] = [];
  attachments.forEach((a, index) => {
    const contentId = a.cid ? cleanLine(a.cid, 250) : undefined;
    metas.push({
      index,
      filename: sanitizeFilename(a.filename, index),
      contentType: cleanLine(a.contentType || 'application/octet-stream', 200).toLowerCase(),
      size: a.content.length,
      ...(contentId ? { contentId } : {}),
      inline: a.contentDisposition === 'inline' || a.related === true,
      sha256: sha256Hex(a.content),
    });
    contents.push({ index, content: a.content });
  });
  return { metas, contents };
}

function readReport(attachments: readonly Attachment[]): { deliveryStatus?: string; originalMessageId?: string } {
  const status = attachments.find((a) => REPORT_PARTS.test(a.contentType));
  if (!status) return {};
  const original = attachments.find((a) => ORIGINAL_HEADERS.test(a.contentType));
  const originalId = original
    ? normalizeMessageId(firstHeader(scanHeaders(original.content, MAIL_LIMITS.headerScanBytes), 'message-id'))
    : undefined;
  const deliveryStatus = cleanText(decodeBytes(status.content.subarray(0, MAIL_LIMITS.deliveryStatusBytes)));
  return { deliveryStatus, ...(originalId ? { originalMessageId: originalId } : {}) };
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${err.message}` : err.message || err.name;
  }
  return String(err);
}
