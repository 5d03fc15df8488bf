import { randomInt } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { MailboxConfig } from '../../domain/mailbox/mailbox-config.js';
import { MailboxConnectError } from '../../domain/mailbox/mailbox-errors.js';
import type { ConnectionReport } from '../../domain/mailbox/ports.js';
import type { AllowedHost } from '../net/ssrf-guard.js';
import { greetsAsImap } from './greeting-probe.js';
import { tlsFailureOf, toConnectError, UNREACHABLE_MESSAGE, type FailureContext } from './map-imap-error.js';

/** How far one connection attempt got: the pinned host once resolved, the client once created. */
export interface AttemptState {
  target?: AllowedHost;
  client?: ImapFlow;
  /** The first error imapflow emitted: the real cause behind a later NoConnection rejection. */
  lastError?: unknown;
  /** The test already answered (deadline or budget): a connect still resolving DNS must not go on. */
  abandoned?: boolean;
}

export interface ConnectionTestLimits {
  /** A failure before any IMAP greeting is answered this long after the start, never earlier. */
  readonly unreachableAfterMs: number;
  /** A random extra delay on top, so what is left of timing differences drowns in noise. */
  readonly jitterMs: number;
  /** The whole test: greeting, login and LIST. */
  readonly budgetMs: number;
}

/** The server sent `* OK` or `* PREAUTH`: an IMAP server is there, so precise errors reveal nothing more. */
export const greetedBy = (client: ImapFlow | undefined): boolean =>
  client !== undefined && (client.greeting !== undefined || client.authenticated !== false);

const NO_GREETING = new Error('no IMAP greeting before the deadline');

/**
 * Runs a started connection test so it cannot map ports. Until an IMAP greeting arrives, refused,
 * reset, unreachable, timed-out, silent and non-IMAP ports all fail as `unreachable` with one text,
 * answered at the same moment (`unreachableAfterMs` plus jitter after the start). After a greeting,
 * or when a TLS failure hides a greeting that a probe then sees, the error says what to fix. Errors
 * of the SSRF guard and DNS come before any contact with the host and pass as they are.
 */
export async function runConnectionTest(
  running: Promise<ConnectionReport>, state: AttemptState, config: MailboxConfig, failure: FailureContext, limits: ConnectionTestLimits,
): Promise<ConnectionReport> {
  const answerAt = Date.now() + limits.unreachableAfterMs + randomInt(limits.jitterMs + 1);
  const timers: NodeJS.Timeout[] = [];
  const failAt = (at: number, when: () => boolean, err: () => Error) => new Promise<never>((_, reject) => {
    timers.push(setTimeout(() => { if (when()) reject(err()); }, Math.max(0, at - Date.now())));
  });
  try {
    return await Promise.race([
      running,
      failAt(answerAt, () => !greetedBy(state.client), () => NO_GREETING),
      failAt(Date.now() + limits.budgetMs, () => true, () => new MailboxConnectError('timeout', `timed out after ${limits.budgetMs / 1000} s: the server stopped answering`)),
    ]);
  } catch (err) {
    throw await explain(err);
  } finally {
    timers.forEach(clearTimeout);
  }

  async function explain(err: unknown): Promise<Error> {
    if (state.client === undefined && err instanceof MailboxConnectError) return err;
    const cause = err === NO_GREETING ? err : state.lastError ?? err;
    if (greetedBy(state.client)) return toConnectError(cause, failure);
    const tls = config.security === 'tls' ? tlsFailureOf(cause) : undefined;
    if (tls && state.target) {
      const target = { ...state.target, port: config.port };
      if (await greetsAsImap(target, tls === 'certificate' ? 'tls-unverified' : 'plain', answerAt - Date.now())) {
        return tls === 'certificate' ? toConnectError(cause, failure)
          : new MailboxConnectError('tls', `the server on port ${config.port} speaks IMAP without TLS: use security "starttls" or the TLS port 993`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, answerAt - Date.now())));
    return new MailboxConnectError('unreachable', UNREACHABLE_MESSAGE);
  }
}
