import type { LinkProvenance } from './link-provenance.js';

/** A mail as the CRM keeps it: one item per Space + Message-ID, whichever folder it came from. */
export interface StoredMessage {
  readonly spaceId: string;
  /** Stable id derived from Space + Message-ID (sha256 of the raw mail when it has none). */
  readonly id: string;
  readonly messageId: string;
  readonly threadId: string;
  readonly mailboxId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly from: Address;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly replyTo: readonly Address[];
  readonly subject: string;
  /** ISO 8601. */
  readonly date: string;
  readonly snippet: string;
  /**
   * The start of the text part (or text derived from HTML), at most 512 bytes; the parsed blob keeps
   * all. The DynamoDB message item does not keep it (message-store.ts): read from there it is empty
   * and `textTruncated` is set when the mail has text.
   */
  readonly text: string;
  /** Set when `text` is only the start: readers needing the whole text read the parsed blob. */
  readonly textTruncated?: boolean;
  readonly hasHtml: boolean;
  readonly attachments: readonly AttachmentRef[];
  /** Auto-replies, bounces and bulk mail are never customer mail and never convertible. */
  readonly automated?: 'auto-reply' | 'bounce' | 'bulk' | 'list';
  readonly parseStatus: 'parsed' | 'unparsed';
  readonly contactIds: readonly string[];
  readonly companyIds: readonly string[];
  /** Why each contact and company is linked, by `contact#<id>` / `company#<id>` (mail linked before provenance has none). */
  readonly linkProvenance?: Readonly<Record<string, LinkProvenance>>;
  /** Staff users whose address is on the mail (From, To or Cc). */
  readonly staffUserIds?: readonly string[];
  /** Set once an order was confirmed from this mail. */
  readonly orderId?: string;
  /** Claim check of the raw MIME in S3. */
  readonly rawKey: string;
}

export interface Address {
  readonly address: string;
  readonly name?: string;
}

export interface AttachmentRef {
  readonly index: number;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly key: string;
}

/** Why a message cannot become an order; undefined when it can (customer mail that has none yet). */
export type NotConvertibleReason = 'outbound' | 'automated' | 'has-order';

export function notConvertibleReason(m: Pick<StoredMessage, 'direction' | 'automated' | 'orderId'>): NotConvertibleReason | undefined {
  if (m.direction !== 'inbound') return 'outbound';
  if (m.automated) return 'automated';
  return m.orderId ? 'has-order' : undefined;
}

export const isConvertible = (m: Pick<StoredMessage, 'direction' | 'automated' | 'orderId'>): boolean => notConvertibleReason(m) === undefined;

/** What the order flow needs from the mail side. */
export interface MessageReader {
  /** @throws NotFoundError when the message is not in this Space. */
  getMessage(spaceId: string, id: string): Promise<StoredMessage>;
}

/** Marks the message and its thread as converted; idempotent for the same order id. */
export interface OrderThreadLinker {
  linkOrder(spaceId: string, messageId: string, threadId: string, orderId: string): Promise<void>;
}
