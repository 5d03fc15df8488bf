import { ValidationError } from '../errors.js';
import type { MailboxSecurity } from './mailbox-config.js';
import type { OAuthProviderId } from './oauth.js';
import type { SealedSecret } from './ports.js';

/**
 * How mail from the record leaves through the mailbox's own SMTP server. `auth: 'mailbox'` logs in
 * with the mailbox's IMAP username and sealed password (XOAUTH2 with its access token for an OAuth2
 * mailbox); `separate` with its own username and password, sealed with the same Space + mailbox context.
 */
export interface MailboxSmtp {
  readonly host: string;
  readonly port: number;
  /** `tls`: implicit TLS (465); `starttls`: STARTTLS required (587); `plain`: no TLS, only with allowInsecure. */
  readonly security: MailboxSecurity;
  readonly allowInsecure: boolean;
  readonly auth: 'mailbox' | 'separate';
  /** The SMTP login when `auth` is `separate`. */
  readonly username?: string;
  /** Sealed with context {space, mailbox}; only when `auth` is `separate`. */
  readonly password?: SealedSecret;
  /** False for servers that keep their own copy of what they send (Gmail, Microsoft 365): no APPEND to Sent. */
  readonly appendToSent: boolean;
}

/** The SMTP settings as PUT /mailboxes/{id}/smtp takes them; passwords are only ever held in memory. */
export interface SmtpSettingsInput {
  readonly host: string;
  readonly port?: number;
  readonly security?: MailboxSecurity;
  readonly allowInsecure?: boolean;
  readonly auth?: 'mailbox' | 'separate';
  readonly username?: string;
  /** The SMTP password (`separate`), or the mailbox's own password again (`mailbox`, see setMailboxSmtp). */
  readonly password?: string;
  readonly appendToSent?: boolean;
}

/** What the API shows: never the password, sealed or not. */
export interface SmtpView {
  readonly host: string;
  readonly port: number;
  readonly security: MailboxSecurity;
  readonly allowInsecure: boolean;
  readonly auth: 'mailbox' | 'separate';
  readonly username: string;
  readonly appendToSent: boolean;
}

/**
 * The SMTP servers an OAuth2 mailbox's access token may be sent to: the provider's own. The local
 * provider's token only works against the local stack, so any host the SSRF guard allows will do.
 */
export const OAUTH_SMTP_HOSTS: Readonly<Record<OAuthProviderId, string | undefined>> = {
  microsoft: 'smtp.office365.com', google: 'smtp.gmail.com', local: undefined,
};

const DEFAULT_PORT: Readonly<Record<MailboxSecurity, number>> = { tls: 465, starttls: 587, plain: 587 };

/**
 * Checks the security rules and fills defaults: implicit TLS on 465 unless told otherwise; STARTTLS
 * (required, never opportunistic) on 587; no TLS only with allowInsecure.
 * @throws ValidationError naming the field
 */
export function smtpTargetOf(input: SmtpSettingsInput): Pick<MailboxSmtp, 'host' | 'port' | 'security' | 'allowInsecure' | 'auth' | 'appendToSent'> {
  const security = input.security ?? 'tls';
  if (security === 'plain' && !input.allowInsecure) {
    throw new ValidationError([{ pointer: '#/security', detail: 'plain needs allowInsecure: true (the password and the mail would cross the network unencrypted)' }]);
  }
  const auth = input.auth ?? 'mailbox';
  if (auth === 'separate' && !input.username) throw new ValidationError([{ pointer: '#/username', detail: 'is required when auth is separate' }]);
  if (auth === 'mailbox' && input.username !== undefined) {
    throw new ValidationError([{ pointer: '#/username', detail: 'is the mailbox\'s own username when auth is mailbox; leave it out' }]);
  }
  return {
    host: input.host.trim().toLowerCase().replace(/\.$/, ''), port: input.port ?? DEFAULT_PORT[security], security,
    allowInsecure: input.allowInsecure ?? false, auth, appendToSent: input.appendToSent ?? true,
  };
}

/** The settings view of a mailbox's SMTP server; `username` is the login it uses either way. */
export const toSmtpView = (smtp: MailboxSmtp, mailboxUsername: string): SmtpView => ({
  host: smtp.host, port: smtp.port, security: smtp.security, allowInsecure: smtp.allowInsecure, auth: smtp.auth,
  username: smtp.auth === 'separate' ? smtp.username ?? '' : mailboxUsername, appendToSent: smtp.appendToSent,
});
