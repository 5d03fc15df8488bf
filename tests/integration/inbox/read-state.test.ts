import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { aMail } from '../mail/mail-harness.js';

const imapUser = { user: 'read-state', password: 'read-state-password' };
const spaceId = newSpaceId();
let dovecot: DovecotServer;
let staff: Api;
let threadId: string;
const ids = [ulid(), ulid()];

beforeAll(async () => {
  useLocalStackEnv();
  const admin = apiAs(spaceId, 'admin');
  staff = apiAs(spaceId, 'staff', 'staff-1');
  dovecot = await startDovecot({ users: [imapUser] });
  const dated = (raw: string, minutesAgo: number) => raw.replace(/^Date: .*$/m, `Date: ${new Date(Date.now() - minutesAgo * 60_000).toUTCString()}`);
  await dovecot.appendMessage(imapUser.user, 'INBOX', dated(aMail({ id: ids[0], subject: 'Widgets' }), 10));
  await dovecot.appendMessage(imapUser.user, 'INBOX', dated(aMail({ id: ids[1], subject: 'Re: Widgets', inReplyTo: `${ids[0]}@northwind.example` }), 5));
  const connected = await admin.post('/mailboxes', {
    host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: imapUser.user, password: imapUser.password,
    addresses: ['sales@acme-supplies.example'],
  });
  expect(connected.status).toBe(201);
  const thread = await eventually(async () => {
    const list = await staff.get('/threads?limit=10');
    return list.body.items?.length === 1 ? staff.get(`/threads/${list.body.items[0].id}`) : list;
  }, (r) => r.body.messages?.length === 2, 80_000);
  expect(thread.body.messages).toHaveLength(2);
  threadId = thread.body.id;
}, 120_000);
afterAll(async () => { await dovecot?.stop(); });

/** `\Seen` per message as the server holds it, by Message-ID. */
const seenOnServer = async (): Promise<Record<string, boolean>> => {
  const out = await dovecot.doveadm(['-f', 'flow', 'fetch', '-u', imapUser.user, 'flags hdr.message-id', 'mailbox', 'INBOX', 'all']);
  return Object.fromEntries(out.trim().split('\n').map((line) => [/<([^@>]+)@/.exec(line)?.[1] ?? line, /\\Seen/.test(line)]));
};

describe('read state from the CRM to the mail server (real Dovecot, through the sync function)', () => {
  it('sets \\Seen on every message when staff mark the thread read, and clears it on the newest when they mark it unread', async () => {
    const before = await seenOnServer();

    const read = await staff.patch(`/threads/${threadId}`, { unread: false }, { headers: { 'if-match': '"0"' } });
    const afterRead = await eventually(seenOnServer, (s) => Object.values(s).every(Boolean), 30_000);
    const unread = await staff.patch(`/threads/${threadId}`, { unread: true }, { headers: { 'if-match': '"1"' } });
    const afterUnread = await eventually(seenOnServer, (s) => !s[ids[1]!], 30_000);

    expect(before).toEqual({ [ids[0]!]: false, [ids[1]!]: false });
    expect([read.status, unread.status]).toEqual([200, 200]);
    expect(afterRead).toEqual({ [ids[0]!]: true, [ids[1]!]: true });
    expect(afterUnread).toEqual({ [ids[0]!]: true, [ids[1]!]: false });
  }, 90_000);
});
