import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createImapflowMailbox } from '../../../shared/adapters/imap/imapflow-mailbox.js';
import { MailboxUnavailableError } from '../../../shared/domain/mailbox/mailbox-errors.js';
import type { MailboxSession } from '../../../shared/domain/mailbox/ports.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { startTcpProxy, type CutMode, type TcpProxy } from '../../support/tcp-proxy.js';
import { aMailboxConfig, aRawMessage } from './imap-fixtures.js';

const MESSAGES = 40;
const SIZE = 200 * 1024;

describe('an IMAP session when the connection fails', () => {
  let dovecot: DovecotServer;
  let proxy: TcpProxy | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    dovecot = await startDovecot({ users: [{ user: 'demo', password: 'pw' }] });
    await dovecot.appendMessages('demo', 'INBOX', Array.from({ length: MESSAGES }, (_, i) => aRawMessage({ id: `m${i + 1}@x`, size: SIZE })));
  });
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await dovecot.stop();
  });

  async function openThroughProxy(socketTimeoutMs = 30_000): Promise<{ session: MailboxSession; proxy: TcpProxy }> {
    proxy = await startTcpProxy({ host: dovecot.host, port: dovecot.port });
    const mailbox = createImapflowMailbox({ allowPrivateHosts: true, socketTimeoutMs, fetchChunkSize: 10 });
    return { session: await mailbox.openSession(aMailboxConfig(proxy.port), 'pw'), proxy };
  }

  async function fetchAllFrom(session: MailboxSession, minUid: number, into: number[]): Promise<void> {
    const uids = await session.searchUidsSince('INBOX', { minUid });
    await session.fetchSources('INBOX', uids, async (uid, raw) => {
      expect(raw.toString()).toContain(`Message-ID: <m${uid}@x>`);
      into.push(uid);
    });
  }

  const cuts = Array.from({ length: 20 }, (_, i): [CutMode, number] => [i % 2 === 0 ? 'fin' : 'rst', (i + 0.5) / 20]);

  it.each(cuts)('rejects as unavailable on a %s cut at %d of the download and resumes with no loss or duplicate', async (mode, at) => {
    const delivered: number[] = [];
    const first = await openThroughProxy();
    const uids = await first.session.searchUidsSince('INBOX', { minUid: 1 });
    first.proxy.cutAfter(Math.floor(MESSAGES * SIZE * at), mode);

    const err = await first.session.fetchSources('INBOX', uids, async (uid) => { delivered.push(uid); }).catch((e: unknown) => e);
    await first.session.close();

    expect(err).toBeInstanceOf(MailboxUnavailableError);
    expect(err).toMatchObject({ code: 'mailbox-unavailable', kind: 'connection-lost' });
    expect(delivered.length).toBeLessThan(MESSAGES);
    expect(delivered).toEqual(uids.slice(0, delivered.length));

    const second = await openThroughProxy();
    await fetchAllFrom(second.session, (delivered.at(-1) ?? 0) + 1, delivered);
    await second.session.close();

    expect(delivered).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));
    expect(unhandled).toEqual([]);
  });

  it('fails a half-open connection with a timeout within socketTimeout + 1 s, then a new session completes', async () => {
    const first = await openThroughProxy(2_000);
    const uids = await first.session.searchUidsSince('INBOX', { minUid: 1 });
    first.proxy.goHalfOpen();
    const started = Date.now();

    const err = await first.session.fetchSources('INBOX', uids, async () => undefined).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    await first.session.close();

    expect(err).toBeInstanceOf(MailboxUnavailableError);
    expect(err).toMatchObject({ kind: 'timeout' });
    expect(elapsed).toBeLessThan(3_000);

    const delivered: number[] = [];
    const second = await openThroughProxy();
    await fetchAllFrom(second.session, 1, delivered);
    await second.session.close();
    expect(delivered).toHaveLength(MESSAGES);
    expect(unhandled).toEqual([]);
  });
});
