import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface DovecotUser {
  readonly user: string;
  readonly password: string;
}

export interface AppendOptions {
  /** IMAP system flags such as `\Seen`, `\Flagged`. */
  readonly flags?: readonly string[];
  /** INTERNALDATE (the Maildir file's mtime). @default now */
  readonly date?: Date;
}

export interface DovecotServer {
  readonly host: string;
  readonly port: number;
  /** The imaps port, with a self-signed certificate for `localhost`, when started with `tls: true`. */
  readonly tlsPort?: number;
  /** PEM of that certificate, to trust it explicitly in a test. */
  readonly certificate?: string;
  /** Path of the generated dovecot.conf. */
  readonly configPath: string;
  stop(): Promise<void>;
  /** Delivers one message straight into the user's Maildir (fast, no IMAP); Dovecot indexes it on next access. */
  appendMessage(user: string, folder: string, raw: string | Buffer, options?: AppendOptions): Promise<void>;
  /** Delivers many messages at once, the same way. */
  appendMessages(user: string, folder: string, raws: readonly (string | Buffer)[], options?: AppendOptions): Promise<void>;
  /** Runs `doveadm -c <conf> ...args` and returns its stdout. */
  doveadm(args: readonly string[]): Promise<string>;
  /** The server's log so far, for a failing test's diagnostics. */
  log(): Promise<string>;
}

let sequence = 0;

const FLAG_LETTERS: Record<string, string> = { '\\Draft': 'D', '\\Flagged': 'F', '\\Answered': 'R', '\\Seen': 'S', '\\Deleted': 'T' };

/** Starts a private Dovecot on 127.0.0.1 with the given users; one per test file, stopped in afterAll. */
export async function startDovecot(options: {
  users: readonly DovecotUser[];
  tls?: boolean;
  /** Also accept XOAUTH2/OAUTHBEARER logins, checked against this RFC 7662 introspection URL. */
  oauth2IntrospectionUrl?: string;
  /** Give every user a `Trash` folder marked `\Trash` (special use). */
  trash?: boolean;
}): Promise<DovecotServer> {
  const dir = await mkdtemp(join(tmpdir(), 'dovecot-'));
  await chmod(dir, 0o755);
  const isRoot = process.getuid?.() === 0;
  const uid = isRoot ? 65534 : (process.getuid?.() ?? 1000);
  const gid = isRoot ? 65534 : (process.getgid?.() ?? 1000);
  const me = isRoot ? undefined : (await run('id', ['-un'])).stdout.trim();
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : undefined;
  const certificate = options.tls ? await makeCertificate(dir) : undefined;

  await writeFile(join(dir, 'passwd'), options.users.map((u) => `${u.user}:{PLAIN}${u.password}:${uid}:${gid}::${join(dir, 'home', u.user)}::\n`).join(''), { mode: 0o644 });
  for (const u of options.users) await makeMaildir(join(dir, 'home', u.user), uid, gid, isRoot);
  const configPath = join(dir, 'dovecot.conf');
  if (options.oauth2IntrospectionUrl) {
    await writeFile(join(dir, 'oauth2.conf'), [
      'introspection_mode = post', `introspection_url = ${options.oauth2IntrospectionUrl}`, 'force_introspection = yes',
      'username_attribute = username', 'active_attribute = active', 'active_value = true', '',
    ].join('\n'), { mode: 0o644 });
  }
  await writeFile(configPath, dovecotConfig({ dir, port, tlsPort, isRoot, me, oauth2: options.oauth2IntrospectionUrl !== undefined, trash: options.trash === true }));

  const child = spawn('dovecot', ['-F', '-c', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  await waitForGreeting(port, child, () => stderr);

  const maildirOf = (user: string, folder: string): string =>
    join(dir, 'home', user, 'Maildir', folder.toUpperCase() === 'INBOX' ? '' : `.${folder.replaceAll('/', '.')}`);
  const doveadm = async (args: readonly string[]): Promise<string> =>
    (await run('doveadm', ['-c', configPath, ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;

  const appendMessages = async (user: string, folder: string, raws: readonly (string | Buffer)[], opts: AppendOptions = {}): Promise<void> => {
    const box = maildirOf(user, folder);
    await makeMaildirFolder(box, uid, gid, isRoot);
    const info = (opts.flags ?? []).map((f) => FLAG_LETTERS[f] ?? '').sort().join('');
    const date = opts.date ?? new Date();
    for (const raw of raws) {
      // Dovecot numbers new Maildir files in file-name order: a sequence keeps UIDs in append order.
      const name = `${Math.floor(Date.now() / 1000)}.M${String(++sequence).padStart(9, '0')}R${randomBytes(4).toString('hex')}.mailbridge-test:2,${info}`;
      const file = join(box, 'cur', name);
      await writeFile(file, typeof raw === 'string' ? raw.replace(/\r?\n/g, '\r\n') : raw);
      await utimes(file, date, date);
      if (isRoot) await chown(file, uid, gid);
    }
  };

  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    certificate,
    configPath,
    appendMessages,
    appendMessage: (user, folder, raw, opts) => appendMessages(user, folder, [raw], opts),
    doveadm,
    log: () => readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => ''),
    async stop() {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function dovecotConfig(c: { dir: string; port: number; tlsPort?: number; isRoot: boolean; me?: string; oauth2?: boolean; trash?: boolean }): string {
  const loginUser = c.isRoot ? 'dovenull' : c.me;
  const internalUser = c.isRoot ? 'dovecot' : c.me;
  const ssl = c.tlsPort ? `ssl = yes\nssl_cert = <${c.dir}/cert.pem\nssl_key = <${c.dir}/key.pem` : 'ssl = no';
  return `
base_dir = ${c.dir}/run
state_dir = ${c.dir}/state
log_path = ${c.dir}/dovecot.log
info_log_path = ${c.dir}/dovecot.log
listen = 127.0.0.1
protocols = imap
${ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login${c.oauth2 ? ' xoauth2 oauthbearer' : ''}
auth_failure_delay = 0
first_valid_uid = 1
mail_location = maildir:~/Maildir
default_login_user = ${loginUser}
default_internal_user = ${internalUser}
mail_max_userip_connections = 1000
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${c.dir}/passwd${c.oauth2 ? '\n  mechanisms = plain login' : ''}
}${c.oauth2 ? `\npassdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = ${c.dir}/oauth2.conf\n}` : ''}
userdb {
  driver = passwd-file
  args = username_format=%u ${c.dir}/passwd
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }${c.trash ? '\n  mailbox Trash {\n    special_use = \\Trash\n    auto = subscribe\n  }' : ''}
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${c.port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${c.tlsPort ?? 0}
    ssl = yes
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

async function makeMaildir(home: string, uid: number, gid: number, isRoot: boolean): Promise<void> {
  await mkdir(home, { recursive: true });
  await makeMaildirFolder(join(home, 'Maildir'), uid, gid, isRoot);
  if (isRoot) await chown(home, uid, gid);
}

async function makeMaildirFolder(box: string, uid: number, gid: number, isRoot: boolean): Promise<void> {
  for (const sub of ['', 'cur', 'new', 'tmp']) {
    await mkdir(join(box, sub), { recursive: true });
    if (isRoot) await chown(join(box, sub), uid, gid);
  }
}

async function makeCertificate(dir: string): Promise<string> {
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
  return readFile(join(dir, 'cert.pem'), 'utf8');
}

/** A port the OS just handed out on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForGreeting(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited ${child.exitCode}: ${stderr()}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (d) => { socket.destroy(); resolve(d.toString().startsWith('* OK')); });
      socket.once('error', () => resolve(false));
    });
    if (greeted) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot did not greet on ${port}: ${stderr()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
