import { describe, expect, it } from 'vitest';
import { describeImapFailure, toConnectError, toSessionError, UNREACHABLE_MESSAGE } from '../../../../shared/adapters/imap/map-imap-error.js';
import { MailboxAuthError, MailboxConnectError, MailboxUnavailableError } from '../../../../shared/domain/mailbox/mailbox-errors.js';

const ctx = { port: 993, connectionTimeoutMs: 10_000, greetingTimeoutMs: 10_000, socketTimeoutMs: 30_000 };
const anError = (fields: Record<string, unknown>): Error => Object.assign(new Error('raw server text with CANARY-secret'), fields);

describe('describeImapFailure', () => {
  it.each([
    [{ authenticationFailed: true }, 'auth', 'authentication failed: check the app password'],
    [{ serverResponseCode: 'AUTHENTICATIONFAILED' }, 'auth', 'authentication failed: check the app password'],
    [{ code: 'ENOTFOUND' }, 'dns', 'host not found: the mail server name does not resolve'],
    [{ code: 'ECONNREFUSED' }, 'refused', 'connection refused on port 993'],
    [{ code: 'CONNECT_TIMEOUT' }, 'timeout', 'timed out after 10 s connecting to port 993'],
    [{ code: 'GREETING_TIMEOUT' }, 'timeout', 'timed out after 10 s: the server on port 993 never sent an IMAP greeting'],
    [{ code: 'ETIMEOUT' }, 'timeout', 'timed out after 30 s without an answer from the server'],
    [{ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'tls', 'TLS handshake failed: the server does not speak TLS on port 993'],
    [{ code: 'EPROTO' }, 'tls', 'TLS handshake failed: the server does not speak TLS on port 993'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', tlsFailed: true }, 'tls', expect.stringMatching(/^TLS certificate rejected/)],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'tls', expect.stringMatching(/not trusted for this host/)],
    [{ tlsFailed: true }, 'tls', 'TLS could not be started: the server does not offer STARTTLS'],
    [{ mailboxMissing: true, code: 'NotFound' }, 'folder-missing', 'folder not found on the server'],
    [{ code: 'NoConnection' }, 'connection-lost', 'the server closed the connection'],
    [{ code: 'ECONNRESET' }, 'connection-lost', 'the server closed the connection'],
    [{ code: 'ParserError11' }, 'protocol', 'the server did not answer like an IMAP server'],
  ])('names %o as %s', (fields, kind, message) => {
    expect(describeImapFailure(anError(fields), ctx)).toEqual({ kind, message });
  });

  it('never repeats the server text or anything else from the raw error', () => {
    const { message } = describeImapFailure(anError({ code: 'Weird' }), ctx);

    expect(message).not.toContain('CANARY');
  });
});

describe('describeImapFailure before an IMAP greeting', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'ETIMEDOUT', 'NoConnection',
    'ClosedAfterConnectText', 'EConnectionClosed', 'ParserError11', 'Weird'])('gives %s the one unreachable answer', (code) => {
    expect(describeImapFailure(anError({ code }), ctx, false)).toEqual({ kind: 'unreachable', message: UNREACHABLE_MESSAGE });
  });

  it('keeps TLS failures precise, for the caller to confirm an IMAP server is behind them', () => {
    expect(describeImapFailure(anError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), ctx, false).kind).toBe('tls');
    expect(describeImapFailure(anError({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), ctx, false).kind).toBe('tls');
  });

  it('tells the poller to retry a mailbox that stopped answering before its greeting', () => {
    expect(toSessionError(anError({ code: 'ECONNREFUSED' }), ctx, false)).toMatchObject({ code: 'mailbox-unavailable', kind: 'unreachable', message: UNREACHABLE_MESSAGE });
    expect(toConnectError(anError({ code: 'GREETING_TIMEOUT' }), ctx, false)).toMatchObject({ code: 'mailbox-connect-failed', kind: 'unreachable' });
  });
});

describe('toConnectError and toSessionError', () => {
  it('turns every failure into a MailboxConnectError for the connection test', () => {
    const err = toConnectError(anError({ authenticationFailed: true }), ctx);

    expect(err).toBeInstanceOf(MailboxConnectError);
    expect(err).toMatchObject({ code: 'mailbox-connect-failed', kind: 'auth' });
  });

  it('tells the poller to stop on bad credentials and settings, and to retry on network trouble', () => {
    expect(toSessionError(anError({ authenticationFailed: true }), ctx)).toBeInstanceOf(MailboxAuthError);
    expect(toSessionError(anError({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), ctx)).toBeInstanceOf(MailboxConnectError);
    expect(toSessionError(anError({ code: 'ETIMEOUT' }), ctx)).toMatchObject({ code: 'mailbox-unavailable', kind: 'timeout' });
    expect(toSessionError(anError({ code: 'NoConnection' }), ctx)).toBeInstanceOf(MailboxUnavailableError);
  });

  it('passes named errors through unchanged', () => {
    const named = new MailboxConnectError('blocked-host', 'x is private');

    expect(toSessionError(named, ctx)).toBe(named);
  });
});
