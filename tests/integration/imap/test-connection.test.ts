import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImapflowMailbox } from '../../../shared/adapters/imap/imapflow-mailbox.js';
import { UNREACHABLE_MESSAGE } from '../../../shared/adapters/imap/map-imap-error.js';
import { MailboxConnectError } from '../../../shared/domain/mailbox/mailbox-errors.js';
import { freePort, startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMailboxConfig } from './imap-fixtures.js';

describe('testConnection against Dovecot', () => {
  let dovecot: DovecotServer;
  let silent: Server;
  let silentPort: number;
  const held: Socket[] = [];
  const mailbox = createImapflowMailbox({ allowPrivateHosts: true });
  /** Failures before a greeting wait out a floor (8 s by default); a short one keeps these tests quick. */
  const quick = createImapflowMailbox({ allowPrivateHosts: true, unreachableAfterMs: 500 });

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ user: 'demo', password: 'right-password' }], tls: true });
    silent = createServer((socket) => { held.push(socket); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    held.forEach((s) => s.destroy());
    await new Promise((resolve) => silent.close(resolve));
    await dovecot.stop();
  });

  async function failureOf(promise: Promise<unknown>): Promise<MailboxConnectError> {
    const err = await promise.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(MailboxConnectError);
    return err as MailboxConnectError;
  }

  it('lists the folders with their special use and the capabilities when the password is right', async () => {
    const report = await mailbox.testConnection(aMailboxConfig(dovecot.port), 'right-password');

    expect(report.ok).toBe(true);
    expect(report.folders).toEqual(expect.arrayContaining([{ path: 'INBOX', specialUse: '\\Inbox' }, { path: 'Sent', specialUse: '\\Sent' }]));
    expect(report.capabilities).toContain('CONDSTORE');
  });

  it('says the password is wrong and never echoes it', async () => {
    const err = await failureOf(mailbox.testConnection(aMailboxConfig(dovecot.port), 'CANARY-wrong-password'));

    expect(err.kind).toBe('auth');
    expect(err.message).toBe('authentication failed: check the app password');
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain('CANARY');
  });

  it('says no IMAP server answered on a closed port, in the words it uses for every port without one', async () => {
    const port = await freePort();

    const err = await failureOf(quick.testConnection(aMailboxConfig(port), 'right-password'));

    expect(err.kind).toBe('unreachable');
    expect(err.message).toBe(UNREACHABLE_MESSAGE);
  });

  it('says the IMAP server speaks no TLS on that port once a plaintext greeting shows one is there', async () => {
    const err = await failureOf(quick.testConnection(aMailboxConfig(dovecot.port, { security: 'tls' }), 'right-password'));

    expect(err.kind).toBe('tls');
    expect(err.message).toBe(`the server on port ${dovecot.port} speaks IMAP without TLS: use security "starttls" or the TLS port 993`);
  });

  it('rejects a self-signed certificate before logging in', async () => {
    const config = aMailboxConfig(dovecot.tlsPort ?? 0, { security: 'tls', host: 'localhost' });

    const err = await failureOf(mailbox.testConnection(config, 'right-password'));

    expect(err.kind).toBe('tls');
    expect(err.message).toMatch(/certificate/);
    expect(await dovecot.log()).not.toMatch(/imap\(demo\).*Logged in.*secured/);
  });

  it('connects over TLS, checking the certificate against the host name, when its CA is trusted', async () => {
    const trusting = createImapflowMailbox({ allowPrivateHosts: true, trustedCa: dovecot.certificate });
    const config = aMailboxConfig(dovecot.tlsPort ?? 0, { security: 'tls', host: 'localhost' });

    const report = await trusting.testConnection(config, 'right-password');

    expect(report.ok).toBe(true);
  });

  it('upgrades with STARTTLS when the mailbox asks for it', async () => {
    const trusting = createImapflowMailbox({ allowPrivateHosts: true, trustedCa: dovecot.certificate });

    const report = await trusting.testConnection(aMailboxConfig(dovecot.port, { security: 'starttls', host: 'localhost' }), 'right-password');

    expect(report.ok).toBe(true);
  });

  it('answers a listener that never greets as unreachable after the 8 s floor and within 12 s', async () => {
    const started = Date.now();

    const err = await failureOf(mailbox.testConnection(aMailboxConfig(silentPort), 'right-password'));

    expect(err.kind).toBe('unreachable');
    expect(Date.now() - started).toBeGreaterThanOrEqual(8_000);
    expect(Date.now() - started).toBeLessThan(12_000);
  }, 20_000);

  it('says the server stopped answering when it greets and then goes silent', async () => {
    const greeted: Socket[] = [];
    const greeter = createServer((socket) => { greeted.push(socket); socket.write('* OK IMAP4rev1 ready\r\n'); });
    await new Promise<void>((resolve) => greeter.listen(0, '127.0.0.1', resolve));
    const budgeted = createImapflowMailbox({ allowPrivateHosts: true, testBudgetMs: 2_000 });

    const err = await failureOf(budgeted.testConnection(aMailboxConfig((greeter.address() as { port: number }).port), 'right-password'));
    greeted.forEach((socket) => socket.destroy());
    await new Promise((resolve) => greeter.close(resolve));

    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('timed out after 2 s: the server stopped answering');
  });

  it('names a configured folder the server does not have', async () => {
    const config = aMailboxConfig(dovecot.port, { folders: [{ path: 'INBOX', role: 'inbox' }, { path: 'Gesendet', role: 'sent' }] });

    const err = await failureOf(mailbox.testConnection(config, 'right-password'));

    expect(err.kind).toBe('folder-missing');
    expect(err.message).toBe('folder "Gesendet" not found on the server');
  });

  it('refuses a loopback host unless private hosts are allowed, without connecting', async () => {
    const strict = createImapflowMailbox();

    const err = await failureOf(strict.testConnection(aMailboxConfig(dovecot.port, { host: '0x7f000001' }), 'right-password'));

    expect(err.kind).toBe('blocked-host');
  });
});
