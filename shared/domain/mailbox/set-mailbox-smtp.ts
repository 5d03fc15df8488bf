import { auditOf, type Actor, type AuditEntry, type Runtime } from '../audit/audit-entry.js';
import { ValidationError, VersionMismatchError } from '../errors.js';
import type { MailboxRecord } from './mailbox-record.js';
import { OAuthSmtpNotGrantedError } from './oauth-errors.js';
import { missingSmtpScope } from './oauth-scopes.js';
import type { MailboxClient, SealedSecret, SecretBox } from './ports.js';
import { OAUTH_SMTP_HOSTS, smtpTargetOf, toSmtpView, type MailboxSmtp, type SmtpSettingsInput } from './smtp-settings.js';

/** The mailbox change an SMTP save writes: the settings (none: removed) and a newly sealed mailbox password. */
export interface SmtpChange {
  readonly smtp?: MailboxSmtp;
  readonly password?: SealedSecret;
}

export interface SetMailboxSmtpDeps {
  readonly mailboxes: {
    /** @throws NotFoundError */
    getMailbox(spaceId: string, id: string): Promise<MailboxRecord>;
    /** Writes the change and its audit row at once, if still at `expectedVersion`. @throws NotFoundError, VersionMismatchError */
    setMailboxSmtp(spaceId: string, id: string, change: SmtpChange, now: string, expectedVersion: number, audit: AuditEntry): Promise<MailboxRecord>;
  };
  /** Tests a mailbox password against its IMAP server before it is sent anywhere else. */
  readonly imap: Pick<MailboxClient, 'testConnection'>;
  readonly secrets: Pick<SecretBox, 'seal'>;
  /** The SSRF guard. @throws MailboxConnectError kind 'blocked-host' or 'dns' */
  readonly hosts: { check(host: string): Promise<void> };
  readonly runtime: Runtime;
}

export interface SetMailboxSmtpInput {
  readonly actor: Actor;
  readonly mailboxId: string;
  readonly settings: SmtpSettingsInput;
  readonly expectedVersion: number;
}

/**
 * PUT /mailboxes/{id}/smtp. A stored secret is only sent to the SMTP endpoint it was given for: a new
 * host, port, security or login needs the password in the same request. With `auth: 'mailbox'` that
 * is the mailbox's own password, tested against its IMAP server first (so only someone who knows it
 * can point it at a new server) and sealed again; an OAuth2 mailbox's token goes only to its
 * provider's SMTP server. Audited without secrets.
 * @throws ValidationError, VersionMismatchError, NotFoundError, MailboxConnectError (blocked host, failed IMAP test), MailboxAuthError,
 * OAuthSmtpNotGrantedError
 */
export async function setMailboxSmtp(deps: SetMailboxSmtpDeps, input: SetMailboxSmtpInput): Promise<MailboxRecord> {
  const { spaceId } = input.actor;
  const current = await deps.mailboxes.getMailbox(spaceId, input.mailboxId);
  if (current.version !== input.expectedVersion) throw new VersionMismatchError(current.version);
  const target = smtpTargetOf(input.settings);
  const password = input.settings.password || undefined;
  if (current.oauth && target.auth === 'mailbox') {
    checkOAuthHost(current.oauth.provider, target.host, password);
    const missing = missingSmtpScope(current.oauth);
    if (missing !== undefined) throw new OAuthSmtpNotGrantedError(current.oauth.provider, missing);
  }
  await deps.hosts.check(target.host);
  const before = current.smtp;
  const sameEndpoint = before !== undefined && before.auth === target.auth && before.host === target.host && before.port === target.port
    && before.security === target.security && before.username === input.settings.username;
  const context = { space: spaceId, mailbox: current.id };
  let smtp: MailboxSmtp = target;
  let mailboxPassword: SealedSecret | undefined;
  if (target.auth === 'separate') {
    const sealed = password !== undefined ? await deps.secrets.seal(password, context) : sameEndpoint ? before?.password : undefined;
    if (!sealed) throw new ValidationError([{ pointer: '#/password', detail: 'is required when the SMTP server or login changes' }]);
    smtp = { ...target, username: input.settings.username!, password: sealed };
  } else if (!current.oauth && password !== undefined) {
    await deps.imap.testConnection(current, password);
    mailboxPassword = await deps.secrets.seal(password, context);
  } else if (!current.oauth && !sameEndpoint) {
    throw new ValidationError([{ pointer: '#/password', detail: 'the mailbox password is required again to send it to a new SMTP server' }]);
  }
  const audit = auditOf(deps.runtime, input.actor, 'mailbox', current.id, 'update', {
    changes: { smtp: { old: before ? toSmtpView(before, current.username) : null, new: toSmtpView(smtp, current.username) } },
  });
  return deps.mailboxes.setMailboxSmtp(spaceId, current.id, { smtp, ...(mailboxPassword ? { password: mailboxPassword } : {}) },
    deps.runtime.now().toISOString(), input.expectedVersion, audit);
}

/** DELETE /mailboxes/{id}/smtp: mail from the record goes through SES again. Audited. @throws VersionMismatchError, NotFoundError */
export async function removeMailboxSmtp(deps: Pick<SetMailboxSmtpDeps, 'mailboxes' | 'runtime'>, input: Omit<SetMailboxSmtpInput, 'settings'>): Promise<MailboxRecord> {
  const current = await deps.mailboxes.getMailbox(input.actor.spaceId, input.mailboxId);
  if (current.version !== input.expectedVersion) throw new VersionMismatchError(current.version);
  const audit = auditOf(deps.runtime, input.actor, 'mailbox', current.id, 'update', {
    changes: { smtp: { old: current.smtp ? toSmtpView(current.smtp, current.username) : null, new: null } },
  });
  return deps.mailboxes.setMailboxSmtp(input.actor.spaceId, current.id, {}, deps.runtime.now().toISOString(), input.expectedVersion, audit);
}

function checkOAuthHost(provider: keyof typeof OAUTH_SMTP_HOSTS, host: string, password: string | undefined): void {
  const allowed = OAUTH_SMTP_HOSTS[provider];
  if (allowed !== undefined && host !== allowed) {
    throw new ValidationError([{ pointer: '#/host', detail: `this mailbox signs in with ${provider}: its token is only sent to ${allowed}` }]);
  }
  if (password !== undefined) throw new ValidationError([{ pointer: '#/password', detail: 'an OAuth2 mailbox signs in with its token; leave the password out' }]);
}
