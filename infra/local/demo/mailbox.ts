import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, type ExtraService } from '../local-stack.js';
import { DEMO_SPACE_ID, type Seeder } from './seed.js';

/** The demo mailbox's login; local only, and sealed by the local secret box once connected. */
export const DEMO_IMAP_USER = 'sales@acme-supplies.example';
const DEMO_IMAP_PASSWORD = 'demo-app-password';
const PREFERRED_PORT = 1143;
const SAMPLES = join(REPO_ROOT, 'tests', 'fixtures', 'mail', 'samples');
/** Sent by us: goes to the Sent folder. */
const SENT = /outbound/;

interface Hoodiecrow { listen(port: number, host: string, cb: () => void): void; close(cb: () => void): void }
const hoodiecrow = createRequire(import.meta.url)('hoodiecrow-imap') as (options: Record<string, unknown>) => Hoodiecrow;

let demoPort: number | undefined;

async function freePortNear(preferred: number): Promise<number> {
  const tryPort = (port: number) => new Promise<number | undefined>((resolve) => {
    const probe = createServer().once('error', () => resolve(undefined));
    probe.listen(port, '127.0.0.1', () => { const got = (probe.address() as { port: number }).port; probe.close(() => resolve(got)); });
  });
  return (await tryPort(preferred)) ?? (await tryPort(0))!;
}

/** The sample customer mails, received over the last hours (well inside the 30-day window). */
async function demoStorage() {
  const files = (await readdir(SAMPLES)).filter((f) => f.endsWith('.eml')).sort();
  const now = Date.now();
  const message = async (file: string, i: number) => ({
    raw: (await readFile(join(SAMPLES, file), 'utf8')),
    internaldate: new Date(now - (files.length - i) * 3_600_000),
    flags: [],
  });
  const inbox = await Promise.all(files.map((f, i) => (SENT.test(f) ? undefined : message(f, i))));
  const sent = await Promise.all(files.map((f, i) => (SENT.test(f) ? message(f, i) : undefined)));
  return {
    INBOX: { messages: inbox.filter(Boolean) },
    '': { separator: '/', folders: { Sent: { 'special-use': '\\Sent', messages: sent.filter(Boolean) } } },
  };
}

/**
 * `npm start`'s demo IMAP server: hoodiecrow-imap on 127.0.0.1, in memory, seeded with the sample
 * customer mail (orders, questions, replies, an auto-reply, a bounce). No STARTTLS plugin (it breaks imapflow).
 */
export const demoMailboxService: ExtraService = {
  name: 'IMAP demo mailbox',
  async start() {
    const port = await freePortNear(PREFERRED_PORT);
    const server = hoodiecrow({
      plugins: ['ID', 'SPECIAL-USE', 'UNSELECT', 'ENABLE', 'NAMESPACE', 'UIDPLUS'],
      users: { [DEMO_IMAP_USER]: { password: DEMO_IMAP_PASSWORD } },
      storage: await demoStorage(),
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    demoPort = port;
    return {
      info: `127.0.0.1:${port} (plain IMAP) ${DEMO_IMAP_USER} / ${DEMO_IMAP_PASSWORD}`,
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
};

const DEMO_COMPANIES = [
  { name: 'Northwind Traders', domains: ['northwind.example'] },
  { name: 'Contoso Ltd', domains: ['contoso.example'] },
  { name: 'Fabrikam GmbH', domains: ['fabrikam.example'] },
];
const DEMO_CONTACTS = [
  { name: 'Jane Doe', emails: ['jane.doe@northwind.example'] },
  { name: 'Bob Smith', emails: ['bob.smith@contoso.example'] },
  { name: 'Maria Garcia', emails: ['maria.garcia@gmail.com'] },
  { name: 'Klaus Müller', emails: ['klaus.mueller@fabrikam.example'] },
];

/**
 * Connects the demo Space to the demo mailbox through the API (password sealed by the local secret
 * box), after seeding the demo customers, then asks for a sync so threads show within seconds.
 * Idempotent: existing records (409) are kept; an existing demo mailbox gets the current port.
 */
export const demoMailboxSeeder: Seeder = async ({ stack, tokens, log }) => {
  if (demoPort === undefined) return;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[DEMO_SPACE_ID]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  for (const company of DEMO_COMPANIES) await call('POST', '/companies', company);
  for (const contact of DEMO_CONTACTS) await call('POST', '/contacts', contact);
  const settings = { host: '127.0.0.1', port: demoPort, security: 'plain', allowInsecure: true, username: DEMO_IMAP_USER, password: DEMO_IMAP_PASSWORD, addresses: [DEMO_IMAP_USER] };
  const existing = (await call('GET', '/mailboxes')).body?.items?.find((m: { username: string }) => m.username === DEMO_IMAP_USER);
  const saved = existing
    ? await call('PATCH', `/mailboxes/${existing.id}`, { port: demoPort, password: DEMO_IMAP_PASSWORD, paused: false })
    : await call('POST', '/mailboxes', settings);
  if (saved.status >= 300) {
    log('demo mailbox not connected', { status: saved.status, problem: saved.body?.type });
    return;
  }
  await call('POST', `/mailboxes/${saved.body.id}/sync`);
  log('demo mailbox connected and syncing', { mailboxId: saved.body.id });
};
