import {
  MailboxAuthError, MailboxConnectError, MailboxUnavailableError, type MailboxFailureKind,
} from '../../domain/mailbox/mailbox-errors.js';
import { DomainError } from '../../domain/errors.js';
import { cleanServerText, type ServerWords } from '../../domain/mailbox/sync-failure.js';

export interface FailureContext {
  readonly port: number;
  readonly connectionTimeoutMs: number;
  readonly greetingTimeoutMs: number;
  readonly socketTimeoutMs: number;
}

export interface MailboxFailure {
  readonly kind: MailboxFailureKind;
  readonly message: string;
}

interface ImapflowErrorShape {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  /** LOGIN/AUTHENTICATE failures carry the server's text here (imapflow replaces the parsed response). */
  response?: unknown;
  message?: string;
}

// Gmail and Microsoft 365 refuse with these when an account goes past their limits; imapflow
// names Microsoft's "Request is throttled ... Backoff Time" ETHROTTLE.
const THROTTLE_TEXT = /\bTHROTTLED\b|throttl|bandwidth limits|too many (simultaneous )?connections|Server Unavailable\. *1[5-9]/i;

/** The server's own response code and text of a refused command, when there is one. */
export function serverWordsOf(err: unknown): ServerWords | undefined {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ImapflowErrorShape;
  const text = cleanServerText(e.responseText ?? (typeof e.response === 'string' ? e.response : undefined));
  const code = e.serverResponseCode;
  return text || code ? { ...(code ? { code } : {}), ...(text ? { text } : {}) } : undefined;
}

const CERT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_|HOSTNAME/;
const HANDSHAKE_CODES = /^ERR_SSL|^EPROTO$|^ClosedAfterConnectTLS$/;

/**
 * The one text for every failure before an IMAP greeting: refused, reset, unreachable, timed out,
 * silent or another protocol look the same, so the mailbox test cannot map someone's ports.
 */
export const UNREACHABLE_MESSAGE = 'no IMAP server answered at this host and port: check the host name, the port and the security setting';
const CLOSED = new Set(['NoConnection', 'EConnectionClosed', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'StateLogout']);
const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** A TLS failure of the handshake itself (the server does not speak TLS) or of its certificate. */
export function tlsFailureOf(err: unknown): 'certificate' | 'handshake' | undefined {
  const code = String((err as ImapflowErrorShape | undefined)?.code ?? '');
  if (CERT_CODES.test(code)) return 'certificate';
  return HANDSHAKE_CODES.test(code) ? 'handshake' : undefined;
}

/**
 * Names an imapflow, socket, TLS or DNS failure in words a user can act on; never echoes server
 * text. Before an IMAP greeting (`greeted` false) only TLS failures keep their own words; every
 * other network failure is `unreachable` with one text.
 */
export function describeImapFailure(err: unknown, ctx: FailureContext, greeted = true): MailboxFailure {
  if (err instanceof MailboxConnectError || err instanceof MailboxUnavailableError) return { kind: err.kind, message: err.message };
  const e = (typeof err === 'object' && err !== null ? err : {}) as ImapflowErrorShape;
  const code = e.code ?? '';
  if (!greeted && tlsFailureOf(err) === undefined && !e.tlsFailed) return { kind: 'unreachable', message: UNREACHABLE_MESSAGE };
  const words = serverWordsOf(err);
  if (code === 'ETHROTTLE' || THROTTLE_TEXT.test(`${words?.code ?? ''} ${words?.text ?? ''}`)) {
    return { kind: 'throttled', message: 'the mail provider is limiting this account (throttled): sync backs off and retries' };
  }
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return { kind: 'auth', message: 'authentication failed: check the app password' };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'dns', message: 'host not found: the mail server name does not resolve' };
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: `connection refused on port ${ctx.port}` };
  if (code === 'CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return { kind: 'timeout', message: `timed out after ${seconds(ctx.connectionTimeoutMs)} connecting to port ${ctx.port}` };
  }
  if (code === 'GREETING_TIMEOUT') {
    return { kind: 'timeout', message: `timed out after ${seconds(ctx.greetingTimeoutMs)}: the server on port ${ctx.port} never sent an IMAP greeting` };
  }
  if (code === 'ETIMEOUT' || code === 'UPGRADE_TIMEOUT') {
    return { kind: 'timeout', message: `timed out after ${seconds(ctx.socketTimeoutMs)} without an answer from the server` };
  }
  if (CERT_CODES.test(code)) return { kind: 'tls', message: `TLS certificate rejected (${code}): the server's certificate is not trusted for this host` };
  if (HANDSHAKE_CODES.test(code) || code === 'STARTTLS_INJECTION') {
    return { kind: 'tls', message: `TLS handshake failed: the server does not speak TLS on port ${ctx.port}` };
  }
  if (e.tlsFailed) return { kind: 'tls', message: 'TLS could not be started: the server does not offer STARTTLS' };
  if (code === 'NotFound' || e.serverResponseCode === 'NONEXISTENT') return { kind: 'folder-missing', message: 'folder not found on the server' };
  if (CLOSED.has(code) || code === 'ClosedAfterConnectText') {
    return { kind: 'connection-lost', message: 'the server closed the connection' };
  }
  return { kind: 'protocol', message: 'the server did not answer like an IMAP server' };
}

/** For the settings screen: every failure is a MailboxConnectError with its kind. */
export function toConnectError(err: unknown, ctx: FailureContext, greeted = true): DomainError {
  const { kind, message } = describeImapFailure(err, ctx, greeted);
  return new MailboxConnectError(kind, message);
}

/** For the poller: auth must be fixed by the user, config problems too; the rest is worth a retry. */
export function toSessionError(err: unknown, ctx: FailureContext, greeted = true): DomainError {
  if (err instanceof MailboxAuthError || err instanceof MailboxConnectError || err instanceof MailboxUnavailableError) return err;
  const { kind, message } = describeImapFailure(err, ctx, greeted);
  const server = greeted ? serverWordsOf(err) : undefined;
  if (kind === 'auth') return new MailboxAuthError(message, server);
  if (kind === 'tls' || kind === 'blocked-host' || kind === 'folder-missing') return new MailboxConnectError(kind, message, server);
  return new MailboxUnavailableError(kind, message, server);
}
