import { randomUUID } from 'node:crypto';
import { MailboxAuthError, MailboxConnectError, MailboxUnavailableError, SecretRejectedError } from '../mailbox/mailbox-errors.js';
import { OAuthGrantError } from '../mailbox/oauth-errors.js';
import { classifySyncFailure } from '../mailbox/sync-failure.js';
import type { SyncRun, SyncStep } from '../mailbox/sync-run.js';

type Failure = NonNullable<SyncRun['failure']>;
/** A failure as the steps know it; the trace adds where it happened. */
export type RunFailure = Omit<Failure, 'step' | 'folder'>;

/** What a run has done so far; the sync steps update it as they go. */
export interface RunTrace {
  step: SyncStep;
  folder?: string;
  /** Folders finished. */
  folders: number;
  /** Read at the end: messages handed on, the session's command count and the budget's bytes. */
  messages: () => number;
  commands: () => number;
  bytes: () => number;
}

/** Starts the record of one run; `finish` turns it into the SyncRun the health view keeps. */
export function startRunTrace(now: () => Date, trigger: string) {
  const started = now();
  const trace: RunTrace = { step: 'open_secret', folders: 0, messages: () => 0, commands: () => 0, bytes: () => 0 };
  const finish = (outcome: SyncRun['outcome'], failure?: RunFailure): SyncRun => ({
    id: randomUUID(), startedAt: started.toISOString(), durationMs: Math.max(0, now().getTime() - started.getTime()), outcome, trigger,
    folders: trace.folders, messages: trace.messages(), commands: trace.commands(), bytes: trace.bytes(),
    ...(failure ? { failure: { ...failure, step: trace.step, ...(trace.step === 'folder' && trace.folder ? { folder: trace.folder } : {}) } } : {}),
  });
  return { trace, finish };
}

/** The failure of a run that threw or gave up, named for the advice it gets. */
export function failureOf(error: unknown): RunFailure {
  if (error instanceof SecretRejectedError) return { kind: 'secret_rejected', message: 'stored password cannot be decrypted' };
  if (error instanceof OAuthGrantError) return { kind: 'needs_reauthorization', message: error.message, server: { code: error.providerError } };
  if (error instanceof MailboxAuthError || error instanceof MailboxConnectError || error instanceof MailboxUnavailableError) {
    const server = error.server;
    return { kind: classifySyncFailure(error.kind, server), message: error.message, ...(server ? { server } : {}) };
  }
  return { kind: 'unknown', message: 'sync failed; it will be retried' };
}
