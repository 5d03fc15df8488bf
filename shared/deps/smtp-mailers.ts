import { createSmtpRawMailer, SMTP_SEND_BUDGET_MS, type SmtpMailerOptions } from '../adapters/mailer/smtp-raw-mailer.js';
import type { MailboxRecord } from '../domain/mailbox/mailbox-record.js';
import { smtpLoginFor, type SmtpLoginDeps } from '../domain/mailbox/smtp-login.js';
import type { RawMailer } from '../domain/threads/send-from-record.js';
import { SmtpAuthError } from '../domain/threads/smtp-errors.js';
import { log } from '../observability/logger.js';

/** The least a retried send is given, however long the refused one took. */
const MIN_RETRY_BUDGET_MS = 2_000;

/**
 * The mailer of a mailbox with SMTP settings: its own server, logged in with what smtpLoginFor opens.
 * Built per send, so a changed password or rotated token is never stale. An OAuth2 mailbox that
 * logs in with its mailbox token gets one more try when the server refuses the login: the token in
 * memory may have been withdrawn before the expiry it announced (a password change, a policy), so
 * the second try logs in with a token refreshed just now, within what is left of the send budget.
 * A refused login sends nothing, so the retry cannot send the mail twice.
 */
export const createSmtpMailers = (deps: SmtpLoginDeps, options: SmtpMailerOptions) => ({
  async mailerFor(mailbox: MailboxRecord): Promise<RawMailer> {
    const { smtp } = mailbox;
    if (!smtp) throw new Error('the mailbox has no SMTP settings');
    const withSmtp = { ...mailbox, smtp };
    const mailer = createSmtpRawMailer(smtp, await smtpLoginFor(deps, withSmtp), options);
    if (!mailbox.oauth || smtp.auth !== 'mailbox') return mailer;
    return {
      async sendRaw(raw, envelope) {
        const started = Date.now();
        try {
          return await mailer.sendRaw(raw, envelope);
        } catch (error) {
          if (!(error instanceof SmtpAuthError)) throw error;
          log.info('smtp token refused; sending again with a refreshed token', { spaceId: mailbox.spaceId, mailboxId: mailbox.id });
          const left = (options.budgetMs ?? SMTP_SEND_BUDGET_MS) - (Date.now() - started);
          const fresh = await smtpLoginFor(deps, withSmtp, { fresh: true });
          return createSmtpRawMailer(smtp, fresh, { ...options, budgetMs: Math.max(MIN_RETRY_BUDGET_MS, left) }).sendRaw(raw, envelope);
        }
      },
    };
  },
});
