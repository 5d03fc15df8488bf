/** One mailbox of an address header, address normalized (lowercased, trimmed, ASCII domain). */
export interface MailAddress {
  readonly address: string;
  readonly name: string;
}

/** Metadata of one attachment; the bytes travel separately (see MimeParseResult) to go to S3. */
export interface AttachmentMeta {
  /** Position in the message, 0-based; the `{n}` of `GET /messages/{id}/attachments/{n}`. */
  readonly index: number;
  /** Sanitized: no path separators, control characters or leading dots; at most 255 chars. */
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  /** Content-ID without angle brackets, for `cid:` links. */
  readonly contentId?: string;
  readonly inline: boolean;
  readonly sha256: string;
}

/** The raw (unfolded, undecoded, capped) values of the headers the classifier and linker read. */
export interface MailHeaders {
  readonly autoSubmitted?: string;
  readonly precedence?: string;
  readonly listId?: string;
  readonly xAutoreply?: string;
  readonly xAutorespond?: string;
  readonly xAutoResponseSuppress?: string;
  readonly returnPath?: string;
  readonly contentType?: string;
}

/** `parsed`: the MIME tree was read; `unparsed`: only a headers scan worked (docs/reliability.md M1–M3). */
export type ParseStatus = 'parsed' | 'unparsed';

/** A mail normalized into plain JSON-safe data: the parser's output and the linker's input. */
export interface ParsedMail {
  readonly parseStatus: ParseStatus;
  /** Why parsing failed, e.g. `EMAXLEN: Maximum child nodes exceeded`; set only when unparsed. */
  readonly parseError?: string;
  /** Normalized Message-ID, or `sha256:<hex of raw>` when the mail has no usable one. */
  readonly messageId: string;
  readonly messageIdSynthetic: boolean;
  readonly inReplyTo?: string;
  /** Normalized, deduplicated, without the mail's own id, at most MAIL_LIMITS.references. */
  readonly references: readonly string[];
  readonly from: readonly MailAddress[];
  readonly sender: readonly MailAddress[];
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly bcc: readonly MailAddress[];
  /** Addresses dropped from to/cc/bcc past MAIL_LIMITS.recipients (D5: items stay < 400 KB). */
  readonly truncatedRecipients: number;
  readonly subject: string;
  /** ISO 8601 from the Date header, else the IMAP internal date passed in, else absent. */
  readonly date?: string;
  /** Valid UTF-8, NUL-free, LF line ends, at most MAIL_LIMITS.textBytes. */
  readonly text: string;
  /** Sanitized HTML, at most MAIL_LIMITS.htmlBytes; absent when the mail has none. */
  readonly html?: string;
  /** At most 200 chars of the new text: quoted reply and signature removed. */
  readonly snippet: string;
  readonly attachments: readonly AttachmentMeta[];
  readonly headers: MailHeaders;
  /** Text of a `message/delivery-status` part (DSN), capped; read by classifyAutomated. */
  readonly deliveryStatus?: string;
  /** Message-ID of the mail a bounce reports on, when the DSN carries its headers. */
  readonly originalMessageId?: string;
  /** Size of the raw mail in bytes. */
  readonly size: number;
  /** sha256 of the raw bytes (the S3 claim check compares it). */
  readonly rawSha256: string;
  /** sha256 of subject, text, html and attachment hashes: tells same-id-different-body apart (M9). */
  readonly contentSha256: string;
}

/** Caps applied by the parser; together they keep a message item well under 400 KB except html. */
export const MAIL_LIMITS = {
  references: 100,
  recipients: 2_000,
  subjectChars: 998,
  textBytes: 256 * 1024,
  htmlBytes: 512 * 1024,
  snippetChars: 200,
  headerValueChars: 998,
  nameChars: 200,
  addressChars: 320,
  filenameChars: 255,
  deliveryStatusBytes: 16 * 1024,
  headerScanBytes: 64 * 1024,
} as const;

export interface ParseMimeOptions {
  /** IMAP INTERNALDATE: the date when the Date header is missing or unreadable. */
  readonly internalDate?: Date | string;
  /** Larger mails are not parsed (stored as unparsed, reason `too-large`). @default 40 MiB */
  readonly maxParseBytes?: number;
  /** `raw` is only the header section of a mail too large to import: kept unparsed with this reason. */
  readonly headersOnlyReason?: string;
}

/** Bytes of one attachment, to be stored in S3 under the message; `index` matches AttachmentMeta. */
export interface AttachmentContent {
  readonly index: number;
  readonly content: Buffer;
}

export interface MimeParseResult {
  readonly mail: ParsedMail;
  readonly contents: readonly AttachmentContent[];
}
