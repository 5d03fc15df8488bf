import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImapflowMailbox } from '../../../shared/adapters/imap/imapflow-mailbox.js';
import { MailboxConnectError } from '../../../shared/domain/mailbox/mailbox-errors.js';
import { freePort, startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMailboxConfig } from './imap-fixtures.js';

describe('testConnection against Dovecot', () => {
  let dovecot: DovecotServer;
  let silent: Server;
  let silentPort: number;
  const held: Socket[] = [];
  const mailbox = createImapflowMailbox({ allowPrivateHosts: true });

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

  it('says the connection was refused on a closed port', async () => {
    const port = await freePort();

    const err = await failureOf(mailbox.testConnection(aMailboxConfig(port), 'right-password'));

    expect(err.kind).toBe('refused');
    expect(err.message).toBe(`connection refused on port ${port}`);
  });

  it('says the server does not speak TLS when TLS is used on the plaintext port', async () => {
    const err = await failureOf(mailbox.testConnection(aMailboxConfig(dovecot.port, { security: 'tls' }), 'right-password'));

    expect(err.kind).toBe('tls');
    expect(err.message).toMatch(/does not speak TLS/);
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

  it('times out within 12 s on a listener that never greets', async () => {
    const started = Date.now();

    const err = await failureOf(mailbox.testConnection(aMailboxConfig(silentPort), 'right-password'));

    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/timed out after 10 s/);
    expect(Date.now() - started).toBeLessThan(12_000);
  }, 20_000);

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
