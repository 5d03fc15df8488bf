import { DomainError } from '../errors.js';

/** Why a mailbox could not be reached, precise enough to tell the user what to fix. */
export type MailboxFailureKind =
  | 'dns'
  | 'refused'
  | 'tls'
  | 'auth'
  | 'folder-missing'
  | 'timeout'
  | 'protocol'
  | 'blocked-host'
  | 'connection-lost'
  /** No IMAP greeting came back (refused, reset, timed out, silent or another protocol): one answer for all. */
  | 'unreachable';

/** Connecting (or testing a connection) failed; `kind` and the message say why in human terms. */
export class MailboxConnectError extends DomainError {
  readonly code = 'mailbox-connect-failed';
  constructor(readonly kind: MailboxFailureKind, message: string) {
    super(message, { kind });
  }
}

/** The server refused the credentials: the user must fix the password, retrying will not help. */
export class MailboxAuthError extends DomainError {
  readonly code = 'mailbox-auth-failed';
  readonly kind = 'auth' as const;
  constructor(message = 'authentication failed: check the username and app password') {
    super(message, { kind: 'auth' });
  }
}

/** The server or network failed in a way a later poll may not see (timeout, cut connection): retry. */
export class MailboxUnavailableError extends DomainError {
  readonly code = 'mailbox-unavailable';
  constructor(readonly kind: MailboxFailureKind, message: string) {
    super(message, { kind });
  }
}

/** A sealed secret could not be opened now (KMS throttled or down); fail closed and retry later. */
export class SecretUnavailableError extends DomainError {
  readonly code = 'secret-unavailable';
}

/** A sealed secret does not open under this Space and mailbox (moved, tampered or wrong key). */
export class SecretRejectedError extends DomainError {
  readonly code = 'secret-rejected';
}

/** The server answered NO or BAD to a FETCH: the connection is fine, these messages are not served. */
export class FetchRefusedError extends DomainError {
  readonly code = 'mailbox-fetch-refused';
  constructor(message: string) {
    super(message, { kind: 'protocol' });
  }
}

/** POST /mailboxes past the Space's limit (MAX_MAILBOXES_PER_SPACE). */
export class MailboxLimitError extends DomainError {
  readonly code = 'mailbox-limit-reached';
  constructor(readonly limit: number) {
    super(`This Space already has ${limit} mailboxes, the most it may connect; disconnect one first`, { limit });
  }
}
