import type { MailboxConfig } from './mailbox-config.js';

/** A folder's sync-relevant counters; BigInt values from the server arrive as decimal strings. */
export interface FolderState {
  readonly uidValidity: string;
  readonly uidNext: number;
  readonly exists: number;
  /** Present only when the server supports CONDSTORE. */
  readonly highestModseq?: string;
}

export interface FolderInfo {
  readonly path: string;
  /** RFC 6154 attribute such as `\Sent`, when the server reports one. */
  readonly specialUse?: string;
}

export interface ConnectionReport {
  readonly ok: true;
  readonly folders: readonly FolderInfo[];
  readonly capabilities: readonly string[];
}

export interface UidQuery {
  /** Only mail whose INTERNALDATE is on or after this day. */
  readonly sinceDate?: Date;
  /** Only UIDs at or above this one. */
  readonly minUid?: number;
}

export interface FlagChange {
  readonly uid: number;
  readonly flags: readonly string[];
  /** The message's MODSEQ; absent when the server lacks CONDSTORE. */
  readonly modseq?: string;
  /** The normalized Message-ID header (fetched as one header field, never the body); absent without one. */
  readonly messageId?: string;
}

/** Called once per downloaded message, in ascending UID order, after its chunk's FETCH completed. */
export type MessageSink = (uid: number, raw: Buffer, internalDate: Date, flags: readonly string[]) => Promise<void>;

export interface MessageSize {
  readonly size: number;
  readonly internalDate: Date;
}

/** Consumes one message's bytes as they arrive; runs while the folder is locked, so no IMAP command inside. */
export type StreamSink<T> = (content: AsyncIterable<Buffer>) => Promise<T>;

/** One logged-in IMAP connection; every method takes the folder path and releases its lock itself. */
export interface MailboxSession {
  readonly capabilities: readonly string[];
  /** IMAP commands sent so far on this connection, LOGIN included. */
  readonly commandCount: number;
  /** STATUS of one folder, without selecting it. @throws MailboxConnectError kind 'folder-missing' */
  folderState(path: string): Promise<FolderState>;
  /** UIDs matching the query, ascending; collected before any download starts. */
  searchUidsSince(path: string, query: UidQuery): Promise<number[]>;
  /**
   * Downloads full sources in chunks. @throws MailboxUnavailableError when the connection drops,
   * FetchRefusedError when the server answers NO or BAD (the connection is still usable).
   */
  fetchSources(path: string, uids: readonly number[], onMessage: MessageSink): Promise<void>;
  /** RFC822.SIZE and INTERNALDATE of each UID still present (expunged ones are absent). */
  fetchSizes(path: string, uids: readonly number[]): Promise<Map<number, MessageSize>>;
  /**
   * One message's full source, streamed in pieces to `sink`; undefined when the UID is gone.
   * @throws FetchRefusedError when the server answers NO or BAD for it
   */
  streamSource<T>(path: string, uid: number, sink: StreamSink<T>): Promise<T | undefined>;
  /** The header section of each UID (for mail too large to download), in ascending UID order. */
  fetchHeaders(path: string, uids: readonly number[], onMessage: MessageSink): Promise<void>;
  /**
   * Flags and Message-ID of the mail whose flags changed after `modseq`, in one FETCH (CONDSTORE
   * CHANGEDSINCE). @throws MailboxConnectError kind 'protocol' without CONDSTORE
   */
  changedFlagsSince(path: string, modseq: string): Promise<FlagChange[]>;
  /** Flags and Message-ID of the newest `count` messages of the folder, in one FETCH: the fallback without CONDSTORE. */
  recentFlags(path: string, count: number): Promise<FlagChange[]>;
  /** Sets or clears `\Seen` on these UIDs (UID STORE). Opens the folder read-write. */
  storeSeen(path: string, uids: readonly number[], seen: boolean): Promise<void>;
  /**
   * Stores a mail in a folder (APPEND) with these flags; its UID when the server reports one (UIDPLUS).
   * @throws MailboxConnectError kind 'folder-missing', MailboxUnavailableError
   */
  appendMessage(path: string, raw: Buffer, flags: readonly string[]): Promise<{ uid?: number }>;
  /**
   * Sets or clears `\Seen` on the mail with these Message-IDs (no angle brackets); the UIDs it
   * changed. Opens the folder read-write. @throws MailboxConnectError kind 'folder-missing'
   */
  setSeenByMessageId(path: string, messageIds: readonly string[], seen: boolean): Promise<number[]>;
  /** The folder the server marks `\Trash` (RFC 6154), if any. */
  trashFolder(): Promise<string | undefined>;
  /**
   * Deletes the mail with these Message-IDs from a folder: MOVE to `trash` when given (COPY, STORE
   * `\Deleted` and EXPUNGE on a server without MOVE), else STORE `\Deleted` and UID EXPUNGE. The UIDs
   * it removed. @throws MailboxConnectError kind 'folder-missing'
   */
  deleteByMessageId(path: string, messageIds: readonly string[], trash?: string): Promise<{ uids: number[]; movedTo?: string; uidValidity?: string }>;
  /** Drops the connection at once, failing any command in flight (a sync run out of time budget). */
  abort(): void;
  /** Logs out, or drops the socket if that fails; never throws. */
  close(): Promise<void>;
}

/** How to log in: an app password, or an OAuth2 access token (SASL XOAUTH2). */
export type MailboxCredential = string | { readonly accessToken: string };

/** The IMAP port: a quick connection test for the settings screen, and sessions for the poller. */
export interface MailboxClient {
  /** @throws MailboxConnectError with a human reason, within 15 s */
  testConnection(config: MailboxConfig, password: MailboxCredential): Promise<ConnectionReport>;
  /**
   * `signal` drops the connection while it is still being set up (a server that drips its greeting
   * or LOGIN answer). @throws MailboxAuthError, MailboxUnavailableError or MailboxConnectError
   */
  openSession(config: MailboxConfig, password: MailboxCredential, options?: { signal?: AbortSignal }): Promise<MailboxSession>;
}

/** A secret sealed by envelope encryption: a fresh AES-256-GCM data key, wrapped by a key service. */
export interface SealedSecret {
  readonly v: 1;
  readonly keyId: string;
  readonly wrappedKey: string;
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/** Whose secret it is; bound to the ciphertext so it cannot be moved to another mailbox or Space. */
export interface SecretContext {
  readonly space: string;
  readonly mailbox: string;
}

/** Seals and opens mailbox passwords. @throws SecretRejectedError, SecretUnavailableError on open */
export interface SecretBox {
  seal(plaintext: string, context: SecretContext): Promise<SealedSecret>;
  open(sealed: SealedSecret, context: SecretContext): Promise<string>;
}
