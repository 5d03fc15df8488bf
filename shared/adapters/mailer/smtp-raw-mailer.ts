import SMTPConnection from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import type { MailboxSecurity } from '../../domain/mailbox/mailbox-config.js';
import { MailboxConnectError } from '../../domain/mailbox/mailbox-errors.js';
import type { SmtpLogin } from '../../domain/mailbox/smtp-login.js';
import type { RawMailer } from '../../domain/threads/send-from-record.js';
import { SmtpAuthError, SmtpSendError, type SmtpFailureKind } from '../../domain/threads/smtp-errors.js';
import { log } from '../../observability/logger.js';
import type { MailServerOptions } from '../net/mail-server-options.js';
import { resolveAllowedHost } from '../net/ssrf-guard.js';

export interface SmtpTarget {
  readonly host: string;
  readonly port: number;
  readonly security: MailboxSecurity;
}

/** Timeouts default to 5 s to connect, 5 s for the greeting and 8 s of silence. */
export interface SmtpMailerOptions extends MailServerOptions {
  /** The whole send, inside the mail function's 15 s. @default SMTP_SEND_BUDGET_MS */
  readonly budgetMs?: number;
}

/** What one send may take by default: the mail function has 15 s. */
export const SMTP_SEND_BUDGET_MS = 11_000;

type SmtpFailure = Error & { code?: string; responseCode?: number };

/**
 * The RawMailer over the mailbox's own SMTP server (nodemailer's SMTPConnection): the host is
 * SSRF-checked and pinned, TLS verified against its name (implicit on `tls`, required on `starttls`,
 * none on `plain`), timeouts bounded, no protocol log (it would carry the login). The envelope is
 * the From address and the To and Cc recipients; the raw MIME goes out unchanged.
 */
export function createSmtpRawMailer(target: SmtpTarget, login: SmtpLogin, options: SmtpMailerOptions = {}): RawMailer {
  return {
    async sendRaw(raw, envelope) {
      const pinned = await resolveAllowedHost(target.host, { allowPrivate: options.allowPrivateHosts ?? false, lookup: options.lookup })
        .catch((error: unknown) => {
          if (error instanceof MailboxConnectError) throw new SmtpSendError(error.kind === 'blocked-host' ? 'blocked-host' : 'unreachable', error.message);
          throw error;
        });
      const connection = new SMTPConnection({
        host: pinned.address, port: target.port, secure: target.security === 'tls', requireTLS: target.security === 'starttls',
        ignoreTLS: target.security === 'plain', name: envelope.from.slice(envelope.from.lastIndexOf('@') + 1) || 'localhost',
        tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2', ...(pinned.servername ? { servername: pinned.servername } : {}), ...(options.trustedCa ? { ca: options.trustedCa } : {}) },
        connectionTimeout: options.connectionTimeoutMs ?? 5_000, greetingTimeout: options.greetingTimeoutMs ?? 5_000,
        socketTimeout: options.socketTimeoutMs ?? 8_000, logger: false, debug: false,
      });
      const budget = options.budgetMs ?? SMTP_SEND_BUDGET_MS;
      let timer: NodeJS.Timeout | undefined;
      const outOfTime = new Promise<never>((_, reject) => {
        timer = setTimeout(() => { connection.close(); reject(Object.assign(new Error('SMTP budget spent'), { code: 'ETIMEDOUT' })); }, budget);
      });
      try {
        const info = await Promise.race([deliver(connection, login, { from: envelope.from, to: [...envelope.recipients] }, raw), outOfTime]);
        if (info.rejected.length > 0) log.warn('smtp server refused some recipients', { spaceId: envelope.spaceId, refused: info.rejected.length, accepted: info.accepted.length });
        return { providerId: info.serverMessageId ?? info.response.slice(0, 120) };
      } catch (error) {
        throw mapped(error as SmtpFailure, envelope.spaceId);
      } finally {
        clearTimeout(timer);
        connection.close();
      }
    },
  };
}

function deliver(connection: SMTPConnection, login: SmtpLogin, envelope: { from: string; to: string[] }, raw: Buffer): Promise<SMTPConnection.SentMessageInfo> {
  return new Promise((resolve, reject) => {
    connection.on('error', reject);
    connection.connect(() => {
      const auth = 'accessToken' in login
        ? { type: 'OAuth2', user: login.user, oauth2: new XOAuth2({ user: login.user, accessToken: login.accessToken }) }
        : { user: login.user, pass: login.pass };
      connection.login(auth, (loginError) => {
        if (loginError) return reject(loginError);
        connection.send(envelope, raw, (sendError, info) => {
          if (sendError) return reject(sendError);
          connection.quit();
          resolve(info);
        });
      });
    });
  });
}

const KIND_OF_CODE: Readonly<Record<string, SmtpFailureKind>> = {
  EENVELOPE: 'rejected', EMESSAGE: 'rejected', ETIMEDOUT: 'timeout', ETLS: 'tls', EREQUIRETLS: 'tls', EPROTOCOL: 'protocol',
  ECONNECTION: 'unreachable', ESOCKET: 'unreachable', EDNS: 'unreachable',
};

const SENTENCE: Readonly<Record<SmtpFailureKind, string>> = {
  rejected: 'The SMTP server refused the mail',
  unreachable: 'The SMTP server could not be reached',
  timeout: 'The SMTP server did not answer in time',
  tls: 'TLS with the SMTP server failed (no STARTTLS offered, or its certificate is not trusted)',
  'blocked-host': 'The SMTP host is a private or reserved address',
  protocol: 'The SMTP server answered something that is not SMTP',
};

/** nodemailer's error, as a named domain error; the server's words are logged, never returned. */
function mapped(error: SmtpFailure, spaceId: string): Error {
  if (error instanceof SmtpSendError) return error;
  const replyCode = typeof error.responseCode === 'number' && error.responseCode > 0 ? error.responseCode : undefined;
  log.warn('smtp send failed', { spaceId, code: error.code, replyCode });
  if (error.code === 'EAUTH' || error.code === 'ENOAUTH' || error.code === 'EOAUTH2') return new SmtpAuthError(replyCode);
  const tlsFailure = /certificate|self[- ]signed|SSL|TLS/i.test(error.message) && error.code !== 'EENVELOPE' && error.code !== 'EMESSAGE';
  const kind = tlsFailure ? 'tls' : KIND_OF_CODE[error.code ?? ''] ?? (replyCode !== undefined ? 'rejected' : 'unreachable');
  return new SmtpSendError(kind, `${SENTENCE[kind]}${replyCode !== undefined ? ` (reply ${replyCode})` : ''}`, replyCode);
}
