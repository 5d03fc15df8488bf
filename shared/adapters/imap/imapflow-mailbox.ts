import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { MailboxConfig } from '../../domain/mailbox/mailbox-config.js';
import { MailboxConnectError, MailboxUnavailableError } from '../../domain/mailbox/mailbox-errors.js';
import type { ConnectionReport, MailboxClient, MailboxCredential, MailboxSession } from '../../domain/mailbox/ports.js';
import type { MailServerOptions } from '../net/mail-server-options.js';
import { resolveAllowedHost } from '../net/ssrf-guard.js';
import { greetedBy, runConnectionTest, type AttemptState } from './connection-test.js';
import { createCommandCounter } from './imap-command-counter.js';
import { createImapflowSession } from './imapflow-session.js';
import { toSessionError, type FailureContext } from './map-imap-error.js';

/** Timeouts default to 10 s to connect, 10 s for the greeting and 30 s of silence. */
export interface ImapflowMailboxOptions extends MailServerOptions {
  /** Whole budget of testConnection. @default 12_000 */
  readonly testBudgetMs?: number;
  /**
   * testConnection answers a failure before any IMAP greeting (closed, silent, reset, non-IMAP
   * port) this long after its start plus up to 250 ms of jitter, never earlier. @default 8_000
   */
  readonly unreachableAfterMs?: number;
  /** @default 40 MiB + 1 byte */
  readonly maxLiteralSize?: number;
  /** UIDs per UID FETCH in fetchSources. @default 25 */
  readonly fetchChunkSize?: number;
}

interface Connected {
  readonly client: ImapFlow;
  readonly failure: FailureContext;
  readonly lastError: () => unknown;
  readonly commandCount: () => number;
}

/** The IMAP port over imapflow: SSRF-checked pinned address, verified TLS, bounded timeouts, no logs. */
export function createImapflowMailbox(options: ImapflowMailboxOptions = {}): MailboxClient {
  const failureFor = (config: MailboxConfig): FailureContext => ({
    port: config.port,
    connectionTimeoutMs: options.connectionTimeoutMs ?? 10_000,
    greetingTimeoutMs: options.greetingTimeoutMs ?? 10_000,
    socketTimeoutMs: options.socketTimeoutMs ?? 30_000,
  });

  async function connect(config: MailboxConfig, password: MailboxCredential, state: AttemptState = {}, signal?: AbortSignal): Promise<Connected> {
    const target = await resolveAllowedHost(config.host, { allowPrivate: options.allowPrivateHosts ?? false, lookup: options.lookup });
    state.target = target;
    if (state.abandoned) throw new MailboxConnectError('timeout', 'the connection test already answered');
    const failure = failureFor(config);
    const counter = createCommandCounter();
    const flowOptions: ImapFlowOptions = {
      host: target.address,
      port: config.port,
      servername: target.servername,
      secure: config.security === 'tls',
      doSTARTTLS: config.security === 'tls' ? undefined : config.security === 'starttls',
      // An access token logs in with SASL XOAUTH2 (imapflow picks it when the server offers it).
      auth: typeof password === 'string' ? { user: config.username, pass: password } : { user: config.username, accessToken: password.accessToken },
      tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2', ...(options.trustedCa ? { ca: options.trustedCa } : {}) },
      logger: counter.logger,
      connectionTimeout: failure.connectionTimeoutMs,
      greetingTimeout: failure.greetingTimeoutMs,
      socketTimeout: failure.socketTimeoutMs,
      maxLiteralSize: options.maxLiteralSize ?? 40 * 1024 * 1024 + 1,
      disableAutoIdle: true,
    };
    const client = new ImapFlow(flowOptions);
    state.client = client;
    client.on('error', (err: unknown) => { state.lastError ??= err; });
    const drop = () => client.close();
    signal?.addEventListener('abort', drop, { once: true });
    try {
      if (signal?.aborted) throw new MailboxUnavailableError('timeout', 'the sync run ran out of time while connecting');
      await client.connect();
    } catch (err) {
      client.close();
      throw state.lastError ?? err;
    } finally {
      signal?.removeEventListener('abort', drop);
    }
    return { client, failure, lastError: () => state.lastError, commandCount: counter.count };
  }

  return {
    async testConnection(config, password): Promise<ConnectionReport> {
      const state: AttemptState = {};
      let connected: Connected | undefined;
      let settled = false;
      const attempt = (async (): Promise<ConnectionReport> => {
        connected = await connect(config, password, state);
        const listed = await connected.client.list();
        const folders = listed.map((f) => (f.specialUse ? { path: f.path, specialUse: f.specialUse } : { path: f.path }));
        const missing = config.folders.find((want) => !folders.some((f) => samePath(f.path, want.path)));
        if (missing) throw new MailboxConnectError('folder-missing', `folder "${missing.path}" not found on the server`);
        return { ok: true, folders, capabilities: [...connected.client.capabilities.keys()] };
      })().finally(() => { settled = true; });
      try {
        return await runConnectionTest(attempt, state, config, failureFor(config), {
          unreachableAfterMs: options.unreachableAfterMs ?? 8_000, jitterMs: 250, budgetMs: options.testBudgetMs ?? 12_000,
        });
      } finally {
        // Past the greeting deadline or the budget the attempt is still running: stop it now.
        if (!settled) {
          state.abandoned = true;
          state.client?.close();
        }
        void attempt.then(() => connected && createSession(connected).close(), () => undefined);
      }
    },

    async openSession(config, password, sessionOptions = {}): Promise<MailboxSession> {
      const state: AttemptState = {};
      try {
        return createSession(await connect(config, password, state, sessionOptions.signal));
      } catch (err) {
        throw toSessionError(err, failureFor(config), state.client === undefined || greetedBy(state.client));
      }
    },
  };

  function createSession(connected: Connected): MailboxSession {
    return createImapflowSession({
      client: connected.client,
      failure: connected.failure,
      lastSocketError: connected.lastError,
      commandCount: connected.commandCount,
      fetchChunkSize: options.fetchChunkSize ?? 25,
    });
  }
}

function samePath(a: string, b: string): boolean {
  return a === b || (a.toUpperCase() === 'INBOX' && b.toUpperCase() === 'INBOX');
}
