import { ApiError, type Schemas } from '../../api';

/** What staff should do about a mailbox's last error: paused mailboxes need new credentials. */
export function adviceFor(m: Schemas['Mailbox']): string {
  if (m.paused) return 'Syncing is paused until the mailbox is reconnected: enter a new app password.';
  return 'Mailbridge retries on its own; Sync now tries again at once.';
}

/** The connect form field a failed mailbox test points at (problem `kind`). */
export function fieldOfKind(kind: string | undefined): 'host' | 'password' | 'security' | 'form' {
  switch (kind) {
    case 'auth': return 'password';
    case 'tls': return 'security';
    case 'dns': case 'blocked-host': case 'unreachable': case 'refused': case 'timeout': return 'host';
    default: return 'form';
  }
}

/**
 * A failed call's messages by form field: a validation problem's pointers, and the field a mailbox
 * test's `kind` points at; `general` is the failure when no field (or only the form) is named.
 */
export function mailboxFormErrors(failure: Error | null): { errors: Record<string, string>; general?: Error } {
  const errors: Record<string, string> = failure instanceof ApiError ? failure.fieldErrors() : {};
  if (failure instanceof ApiError && failure.problem?.kind !== undefined) errors[fieldOfKind(failure.problem.kind)] = failure.message;
  return { errors, ...(failure && (Object.keys(errors).length === 0 || errors.form) ? { general: failure } : {}) };
}
