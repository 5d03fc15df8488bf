import type { PrivacyLevel } from '../rules/mail-privacy.js';
import type { DeletionMark } from './delete-thread.js';
import type { LinkProvenance } from './link-provenance.js';
import type { StoredMessage } from './stored-message.js';

/** Object storage for raw MIME, parsed mail and attachments (the claim checks of the pipeline). */
export interface Blobs {
  put(key: string, body: Buffer | string, contentType?: string): Promise<void>;
  /**
   * Stores a stream under the key its own sha256 names (`keyOf`), holding at most a small piece in
   * memory whatever the size: big mail goes to the bucket without being read whole.
   */
  putStream(keyOf: (sha256: string) => string, body: AsyncIterable<Buffer>, contentType?: string): Promise<StoredBlob>;
  /** @throws BlobNotFoundError when the key does not exist. */
  get(key: string): Promise<Buffer>;
  /** A short-lived GET URL that downloads the object as an attachment. */
  presignDownload(key: string, options: { filename: string; contentType: string; expiresSeconds: number }): Promise<string>;
}

export interface StoredBlob {
  readonly key: string;
  readonly sha256: string;
  readonly size: number;
}

/** The CRM lookups the linker needs; the crm stores implement them (adapted in the worker deps). */
export interface ContactDirectory {
  /** The contact owning this exact (normalized) address, if any. */
  findContactIdByEmail(spaceId: string, email: string): Promise<string | undefined>;
  findCompanyIdByDomain(spaceId: string, domain: string): Promise<string | undefined>;
  /** The company a contact belongs to (live, unmerged contacts only), so mail from any of its addresses reaches the company. */
  findCompanyIdOfContact?(spaceId: string, contactId: string): Promise<string | undefined>;
  /** Records that the contact was active at `at` (ISO); must tolerate a deleted contact. */
  touchContactActivity(spaceId: string, contactId: string, at: string): Promise<void>;
}

/** A message as a thread's message list shows it (the thread-member item). */
export type ThreadMessage = Pick<StoredMessage, 'id' | 'threadId' | 'subject' | 'date' | 'from' | 'to' | 'cc' | 'snippet' | 'direction' | 'automated' | 'orderId'>
  & { readonly attachmentCount: number };

/** UIDs of one IMAP folder; a UID names a mail only under the folder's UIDVALIDITY. */
export interface ImapFolderUids {
  readonly path: string;
  readonly uids: readonly number[];
  readonly uidValidity?: string;
}

/** Where a mail was fetched from: the folder, its UID and the folder's UIDVALIDITY then. */
export interface ImapOrigin {
  readonly folder: string;
  readonly uid: number;
  readonly uidValidity?: string;
}

/** A message item as stored: the StoredMessage plus linking bookkeeping. */
export interface MessageRecord extends StoredMessage {
  readonly folderRole: 'inbox' | 'sent' | 'other';
  /**
   * The IMAP folder and UID the linked copy was fetched from (mail seen in several folders keeps
   * the first one linked); absent for mail synced before it was kept, SMS and mail sent from the CRM.
   */
  readonly imap?: ImapOrigin;
  /** ISO time the linker created the item. */
  readonly createdAt: string;
  /**
   * Key of the parsed-JSON blob (full text, html) in the mail bucket, for mail whose parsed summary
   * did not fit in a queue message; otherwise readers parse the raw mail again (full-mail.ts).
   */
  readonly parsedKey?: string;
  /** sha256 of subject, text, html and attachments: tells a Message-ID collision from a duplicate. */
  readonly contentSha256: string;
  /** Normalized external addresses on the mail (from, reply-to, to, cc). */
  readonly participants: readonly string[];
  readonly inReplyTo?: string;
  readonly truncatedRecipients?: number;
  /** Set by a mail rule: only the headers were kept (no body, snippet, html or attachments). */
  readonly kept?: 'headers';
  /** The mail rules that shaped this import (`exclusion:<id>`, `import-policy:only_linkable`). */
  readonly ruleReasons?: readonly string[];
  /** Set by a private mail rule: what non-owners see of this mail (its thread carries the level too). */
  readonly privacy?: PrivacyLevel;
  /**
   * The `no_link` rule (`exclusion:<id>`) that keeps this mail unlinked and out of the address index,
   * set by the linker or the re-apply job; it tells such mail from mail that matched nobody, so a
   * re-apply after the rule is gone links it again.
   */
  readonly unlinkedByRule?: string;
  /** Owners staff unlinked from this mail (by `linkKey`): the automatic linker never links them again. */
  readonly unlinked?: Readonly<Record<string, { readonly byUserId: string; readonly at: string }>>;
  /** Set when staff deleted this one message (DELETE /messages/{id}): every read answers 404. */
  readonly deletion?: DeletionMark;
  /** Counts writes of the links above; each writer's update is conditioned on the revision it read (message-links.ts). */
  readonly linkRev?: number;
}

/** One change of a message's links: its new link state, the timeline lines it adds and removes, and the thread links it adds. */
export interface LinkChange {
  readonly state: Pick<MessageRecord, 'contactIds' | 'companyIds' | 'linkProvenance' | 'unlinked'>;
  /** The message's timeline line, written for each owner in `put`. */
  readonly entry: ActivityEntry;
  readonly put: readonly { readonly kind: 'contact' | 'company'; readonly id: string; readonly provenance: LinkProvenance }[];
  readonly remove: readonly { readonly kind: 'contact' | 'company'; readonly id: string }[];
  /** Adds the `put` owners to the thread's links in the same transaction. */
  readonly linkThread?: boolean;
  /** Sets (a rule id) or clears (null) the message's `unlinkedByRule` in the same write; absent leaves it. */
  readonly unlinkedByRule?: string | null;
}

/** Writes a message's links only if nobody changed them since `read`: false when somebody did (read again and decide again). */
export interface MessageLinkWriter {
  writeLinks(spaceId: string, read: MessageRecord, change: LinkChange): Promise<boolean>;
}

/** One entry of a contact's or company's activity timeline. */
export interface ActivityEntry {
  readonly messageId: string;
  readonly threadId: string;
  readonly subject: string;
  readonly date: string;
  readonly sender: { readonly address: string; readonly name?: string };
  readonly snippet: string;
  readonly direction: 'inbound' | 'outbound';
  readonly automated?: string;
  readonly orderId?: string;
  /** `sms` for a text message; absent for mail. */
  readonly channel?: 'sms';
  /** Why this timeline's owner is linked to the message. */
  readonly provenance?: LinkProvenance;
}

/** A thread's summary, kept up to date by the linker. */
export interface ThreadSummary {
  readonly id: string;
  readonly subject: string;
  readonly lastMessageAt: string;
  readonly messageCount: number;
  readonly participants: readonly string[];
  readonly lastSnippet: string;
  /** Distinctive words of the first linked mail's snippet, which search finds the thread by (inbox-tokens.ts); absent on threads stored before. */
  readonly openingWords?: readonly string[];
  readonly lastSender?: { readonly address: string; readonly name?: string };
  readonly lastDirection?: 'inbound' | 'outbound';
  readonly orderId?: string;
  readonly contactIds: readonly string[];
  readonly companyIds: readonly string[];
  /** The strictest level a private mail rule gave one of its messages. */
  readonly privacy?: PrivacyLevel;
  /** `sms` for an SMS conversation; absent for mail. */
  readonly channel?: 'sms';
}

/** One page of a listing; `cursor` is the raw DynamoDB key (the HTTP layer HMACs it). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly lastKey?: Record<string, unknown>;
}

/** What one linked message adds to its thread. */
export interface ThreadContribution {
  readonly messageId: string;
  readonly subject: string;
  readonly date: string;
  readonly snippet: string;
  readonly sender: { readonly address: string; readonly name?: string };
  readonly direction: 'inbound' | 'outbound';
  readonly participants: readonly string[];
  readonly contactIds: readonly string[];
  readonly companyIds: readonly string[];
  /** The mailbox the message was synced from (the inbox filters by it). */
  readonly mailboxId?: string;
  /** Set when a private mail rule matched the message: the whole thread is then private at this level. */
  readonly privacy?: PrivacyLevel;
  /** `sms`: the thread is an SMS conversation (set by its first message). */
  readonly channel?: 'sms';
}
