import { DomainError } from '../errors.js';

/** Why the mailbox's SMTP server did not take a mail; what the problem document shows besides the reply code. */
export type SmtpFailureKind = 'rejected' | 'unreachable' | 'timeout' | 'tls' | 'blocked-host' | 'protocol';

/**
 * The mailbox's own SMTP server did not take the mail (nothing was sent). `replyCode` is the
 * server's SMTP reply code when it answered one (550 for a refused recipient, 4xx to retry later);
 * the server's words stay in the log, never in the answer.
 */
export class SmtpSendError extends DomainError {
  readonly code = 'smtp-send-failed';
  constructor(readonly kind: SmtpFailureKind, message: string, readonly replyCode?: number) {
    super(message, { kind, ...(replyCode !== undefined ? { replyCode } : {}) });
  }
}

/** The mailbox's SMTP server refused the login: an admin must fix the SMTP settings or password; retrying will not help. */
export class SmtpAuthError extends DomainError {
  readonly code = 'smtp-auth-failed';
  constructor(readonly replyCode?: number) {
    super('The SMTP server refused the login: check the SMTP username and password (PUT /mailboxes/{id}/smtp)',
      replyCode !== undefined ? { replyCode } : {});
  }
}
