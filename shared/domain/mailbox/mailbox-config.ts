/** How a mailbox is reached: direct TLS (993), STARTTLS or plaintext (143; only when the user opts in). */
export type MailboxSecurity = 'tls' | 'starttls' | 'plain';

/** What a synced folder holds: inbound mail, our own sent mail, or anything else. */
export type FolderRole = 'inbox' | 'sent' | 'other';

export interface MailboxFolder {
  readonly path: string;
  readonly role: FolderRole;
}

/** A connected mailbox's settings; the password is kept apart, sealed by a SecretBox. */
export interface MailboxConfig {
  readonly host: string;
  readonly port: number;
  readonly security: MailboxSecurity;
  readonly username: string;
  readonly folders: readonly MailboxFolder[];
}
