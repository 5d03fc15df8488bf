import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpRawMailer, type SmtpTarget } from '../../../shared/adapters/mailer/smtp-raw-mailer.js';
import { SmtpAuthError, SmtpSendError } from '../../../shared/domain/threads/smtp-errors.js';
import { freePort } from '../../support/dovecot.js';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';

const USER = 'sales@acme-supplies.example';
const PASSWORD = 'smtp-CANARY-password';
const raw = Buffer.from([
  'From: sales@acme-supplies.example', 'To: jane.doe@northwind.example', 'Cc: ops@northwind.example', 'Subject: Re: Order 77',
  'Message-ID: <01SMTPTEST@acme-supplies.example>', 'In-Reply-To: <parent-77@northwind.example>', 'References: <parent-77@northwind.example>',
  'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Thanks, Jane.', '.leading dot survives', '',
].join('\r\n'));
const envelope = { from: USER, recipients: ['jane.doe@northwind.example', 'ops@northwind.example'], spaceId: 'space-smtp' };

let dir: string;
let tls: { key: string; cert: string };
const sinks: SmtpSink[] = [];
const sink = async (options: Parameters<typeof startSmtpSink>[0]) => { const s = await startSmtpSink(options); sinks.push(s); return s; };
const at = (s: { port: number }, security: SmtpTarget['security']): SmtpTarget => ({ host: '127.0.0.1', port: s.port, security });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smtp-cert-'));
  await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
  tls = { key: await readFile(join(dir, 'key.pem'), 'utf8'), cert: await readFile(join(dir, 'cert.pem'), 'utf8') };
});
afterAll(async () => {
  await Promise.all(sinks.map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
});

describe('the SMTP raw mailer against a real SMTP server', () => {
  it('sends the raw MIME unchanged over STARTTLS after AUTH, with the envelope from the recipients', async () => {
    const server = await sink({ users: { [USER]: PASSWORD }, tls });
    const mailer = createSmtpRawMailer(at(server, 'starttls'), { user: USER, pass: PASSWORD }, { allowPrivateHosts: true, trustedCa: tls.cert });

    await mailer.sendRaw(raw, envelope);

    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({ from: USER, to: envelope.recipients, user: USER });
    expect(server.received[0]!.raw.equals(raw)).toBe(true);
  });

  it('speaks TLS from the first byte on an implicit-TLS port', async () => {
    const server = await sink({ users: { [USER]: PASSWORD }, tls: { ...tls, implicitTls: true } });
    const mailer = createSmtpRawMailer(at(server, 'tls'), { user: USER, pass: PASSWORD }, { allowPrivateHosts: true, trustedCa: tls.cert });

    await mailer.sendRaw(raw, envelope);

    expect(server.received.map((m) => m.to)).toEqual([envelope.recipients]);
  });

  it.each([
    ['a certificate it does not trust', () => sink({ users: { [USER]: PASSWORD }, tls })],
    ['a server that offers no STARTTLS', () => sink({ users: { [USER]: PASSWORD } })],
  ])('refuses %s with a tls failure before any login, so the password never leaves', async (_case, start) => {
    const server = await start();
    const mailer = createSmtpRawMailer(at(server, 'starttls'), { user: USER, pass: PASSWORD }, { allowPrivateHosts: true });

    const err = await mailer.sendRaw(raw, envelope).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(SmtpSendError);
    expect(err).toMatchObject({ code: 'smtp-send-failed', kind: 'tls' });
    expect(server.logins).toEqual([]);
    expect(server.received).toEqual([]);
  });

  it('logs in with SASL XOAUTH2 when given an access token, and tells a refused token apart', async () => {
    const server = await sink({ users: {}, tokens: { [USER]: 'access-token-1' }, tls });
    const good = createSmtpRawMailer(at(server, 'starttls'), { user: USER, accessToken: 'access-token-1' }, { allowPrivateHosts: true, trustedCa: tls.cert });
    const stale = createSmtpRawMailer(at(server, 'starttls'), { user: USER, accessToken: 'expired-token' }, { allowPrivateHosts: true, trustedCa: tls.cert });

    await good.sendRaw(raw, envelope);
    const err = await stale.sendRaw(raw, envelope).catch((e: unknown) => e);

    // nodemailer tries a refused XOAUTH2 token once more (it has nothing to renew it with here).
    expect(server.logins.map((l) => [l.method, l.accepted])).toEqual([['XOAUTH2', true], ['XOAUTH2', false], ['XOAUTH2', false]]);
    expect(server.received).toHaveLength(1);
    expect(err).toBeInstanceOf(SmtpAuthError);
  });

  it('tells a refused login apart, with the reply code and without the password', async () => {
    const server = await sink({ users: { [USER]: PASSWORD }, tls });
    const mailer = createSmtpRawMailer(at(server, 'starttls'), { user: USER, pass: 'wrong-password' }, { allowPrivateHosts: true, trustedCa: tls.cert });

    const err = await mailer.sendRaw(raw, envelope).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(SmtpAuthError);
    expect(err).toMatchObject({ code: 'smtp-auth-failed', replyCode: 535 });
    expect(JSON.stringify({ message: (err as Error).message, extra: (err as SmtpAuthError).extra })).not.toContain('wrong-password');
    expect(server.received).toEqual([]);
  });

  it('reports a refused recipient as a send failure with the server\'s reply code, and delivers nothing', async () => {
    const server = await sink({ users: { [USER]: PASSWORD }, refuse: (a) => a.startsWith('nobody@') });
    const mailer = createSmtpRawMailer(at(server, 'plain'), { user: USER, pass: PASSWORD }, { allowPrivateHosts: true });

    const err = await mailer.sendRaw(raw, { ...envelope, recipients: ['nobody@northwind.example'] }).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'smtp-send-failed', kind: 'rejected', replyCode: 550, extra: { kind: 'rejected', replyCode: 550 } });
    expect(server.received).toEqual([]);
  });

  it('refuses a loopback host without the local-stack flag, before any connection', async () => {
    const server = await sink({ users: { [USER]: PASSWORD } });
    const mailer = createSmtpRawMailer(at(server, 'plain'), { user: USER, pass: PASSWORD });

    const err = await mailer.sendRaw(raw, envelope).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'smtp-send-failed', kind: 'blocked-host' });
    expect(server.logins).toEqual([]);
  });

  it('gives up on a server that never greets within the greeting timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => { sockets.push(socket); });
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    const mailer = createSmtpRawMailer({ host: '127.0.0.1', port, security: 'plain' }, { user: USER, pass: PASSWORD }, { allowPrivateHosts: true, greetingTimeoutMs: 500 });
    const started = Date.now();

    const err = await mailer.sendRaw(raw, envelope).catch((e: unknown) => e);
    const took = Date.now() - started;
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    console.log('silent SMTP listener answered after', took, 'ms (greeting timeout 500 ms, budget 11,000 ms)');

    expect(err).toMatchObject({ code: 'smtp-send-failed', kind: 'timeout' });
    expect(took).toBeLessThan(11_000);
  });
});
