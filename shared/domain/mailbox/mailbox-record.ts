import type { MailboxConfig } from './mailbox-config.js';
import type { OAuthProviderId } from './oauth.js';
import type { SealedSecret } from './ports.js';
import type { MailboxSmtp } from './smtp-settings.js';

/** A connected mailbox as stored: settings, the sealed password and the sync status. */
export interface MailboxRecord extends MailboxConfig {
  readonly spaceId: string;
  readonly id: string;
  readonly allowInsecure: boolean;
  /** The mailbox owner's own addresses: mail from them is outbound. */
  readonly addresses: readonly string[];
  /**
   * Sealed with context {space, mailbox}; never returned, logged or stored in plaintext. The app
   * password, or for an OAuth2 mailbox (`oauth` set) the provider's refresh token.
   */
  readonly password: SealedSecret;
  /** Set when the mailbox signs in with OAuth2 (XOAUTH2) instead of a password. */
  /** `scopes`: what the consent granted, as the token endpoint said; absent for mailboxes connected before it was kept. */
  readonly oauth?: { readonly provider: OAuthProviderId; readonly scopes?: readonly string[] };
  /** The provider refused the refresh token (revoked, expired, consent withdrawn): paused until re-authorized. */
  readonly needsReauthorization?: boolean;
  readonly paused: boolean;
  /** Days of past mail the first sync (and a rescan after a UIDVALIDITY reset) imports; unset: SYNC_WINDOW_DAYS (30). */
  readonly historyDays?: number;
  /** The mailbox's own SMTP server for mail from the record; unset: SES. */
  readonly smtp?: MailboxSmtp;
  readonly lastSyncAt?: string;
  readonly lastError?: string;
  readonly messagesSynced: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Counts settings changes (the ETag that PATCH checks); sync status changes leave it alone. */
  readonly version: number;
}

export type MailboxPatch = Partial<Pick<MailboxRecord,
  'host' | 'port' | 'security' | 'allowInsecure' | 'username' | 'folders' | 'addresses' | 'password' | 'paused' | 'oauth' | 'needsReauthorization' | 'historyDays'>>;

/** The mailbox persistence the use cases need (shared/store/mailbox-store.ts implements it). */
export interface MailboxRepo {
  /** @throws MailboxLimitError when the Space already has `limit` mailboxes */
  createMailbox(record: MailboxRecord, limit?: number): Promise<void>;
  /** Mailboxes the Space has now. */
  countMailboxes(spaceId: string): Promise<number>;
  /** @throws NotFoundError */
  getMailbox(spaceId: string, id: string): Promise<MailboxRecord>;
  listMailboxes(spaceId: string): Promise<MailboxRecord[]>;
  /** Writes only if the version is still `expectedVersion`, and increments it. @throws NotFoundError, VersionMismatchError */
  patchMailbox(spaceId: string, id: string, patch: MailboxPatch, now: string, expectedVersion: number): Promise<MailboxRecord>;
  /** @throws NotFoundError */
  deleteMailbox(spaceId: string, id: string): Promise<void>;
  recordSyncSuccess(spaceId: string, id: string, at: string, synced: number): Promise<void>;
  /** `reauthorize` also pauses and marks the mailbox as needing a new OAuth2 authorization. */
  recordSyncError(spaceId: string, id: string, message: string, options?: { pause?: boolean; synced?: number; reauthorize?: boolean }): Promise<void>;
  /** Stores a new sealed secret (a refresh token the provider rotated); settings and version unchanged. No-op if deleted. */
  replaceSecret(spaceId: string, id: string, sealed: SealedSecret): Promise<void>;
  /**
   * Keeps the scopes an OAuth2 mailbox's consent granted when it has none kept yet (connected before
   * they were); settings and version unchanged. No-op if deleted, re-authorized or already kept.
   */
  recordGrantedScopes(spaceId: string, id: string, scopes: readonly string[]): Promise<void>;
}
