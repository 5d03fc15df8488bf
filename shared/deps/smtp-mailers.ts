import { createSmtpRawMailer, type SmtpMailerOptions } from '../adapters/mailer/smtp-raw-mailer.js';
import type { MailboxRecord } from '../domain/mailbox/mailbox-record.js';
import { smtpLoginFor, type SmtpLoginDeps } from '../domain/mailbox/smtp-login.js';
import type { RawMailer } from '../domain/threads/send-from-record.js';

/**
 * The mailer of a mailbox with SMTP settings: its own server, logged in with what smtpLoginFor opens.
 * Built per send, so a changed password or rotated token is never stale.
 */
export const createSmtpMailers = (deps: SmtpLoginDeps, options: SmtpMailerOptions) => ({
  async mailerFor(mailbox: MailboxRecord): Promise<RawMailer> {
    const { smtp } = mailbox;
    if (!smtp) throw new Error('the mailbox has no SMTP settings');
    return createSmtpRawMailer(smtp, await smtpLoginFor(deps, { ...mailbox, smtp }), options);
  },
});
