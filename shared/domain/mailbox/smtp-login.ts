import type { MailboxCredentials } from './mailbox-credentials.js';
import type { MailboxRecord } from './mailbox-record.js';
import type { SecretBox } from './ports.js';

/** A password login (AUTH PLAIN or LOGIN, whichever the server offers), or SASL XOAUTH2 with an access token. */
export type SmtpLogin = { readonly user: string; readonly pass: string } | { readonly user: string; readonly accessToken: string };

export interface SmtpLoginDeps {
  readonly secrets: Pick<SecretBox, 'open'>;
  readonly credentials: Pick<MailboxCredentials, 'credentialFor'>;
}

/**
 * How a mailbox with SMTP settings logs in to its SMTP server: its own username and password
 * (`separate`), or the mailbox's IMAP login (`mailbox`): the same username with the opened password,
 * or for an OAuth2 mailbox an access token from its refresh token (`fresh`: a new one, not the one
 * in memory). Secrets open only under the mailbox's own Space + mailbox context.
 * @throws SecretRejectedError, SecretUnavailableError, OAuthGrantError, OAuthProviderUnavailableError
 */
export async function smtpLoginFor(
  deps: SmtpLoginDeps, mailbox: MailboxRecord & { readonly smtp: NonNullable<MailboxRecord['smtp']> }, options: { fresh?: boolean } = {},
): Promise<SmtpLogin> {
  const context = { space: mailbox.spaceId, mailbox: mailbox.id };
  const { smtp } = mailbox;
  if (smtp.auth === 'separate') {
    if (smtp.username === undefined || smtp.password === undefined) throw new Error('SMTP settings with auth separate lack their login');
    return { user: smtp.username, pass: await deps.secrets.open(smtp.password, context) };
  }
  const credential = await deps.credentials.credentialFor(mailbox, await deps.secrets.open(mailbox.password, context), options);
  return typeof credential === 'string' ? { user: mailbox.username, pass: credential } : { user: mailbox.username, accessToken: credential.accessToken };
}
