import {
  MailboxAuthError, MailboxConnectError, MailboxUnavailableError, type MailboxFailureKind,
} from '../../domain/mailbox/mailbox-errors.js';
import { DomainError } from '../../domain/errors.js';

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
  message?: string;
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
  if (kind === 'auth') return new MailboxAuthError(message);
  if (kind === 'tls' || kind === 'blocked-host' || kind === 'folder-missing') return new MailboxConnectError(kind, message);
  return new MailboxUnavailableError(kind, message);
}
