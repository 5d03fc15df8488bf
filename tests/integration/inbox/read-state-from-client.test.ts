import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncMailbox } from '../../../shared/domain/threads/sync-mailbox.js';
import { createServerReadStore } from '../../../shared/store/server-read-store.js';
import { systemRuntime } from '../../../shared/domain/audit/system-runtime.js';
import { planThreadChange } from '../../../shared/domain/inbox/change-thread.js';
import { applyThreadChange, getInboxThread } from '../../../shared/store/thread-changes.js';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { startImapFaultProxy, type ImapFaultProxy } from '../../support/imap-fault-proxy.js';
import { aMail, mailHarness } from '../mail/mail-harness.js';

const imapUser = { user: 'client-reads', password: 'client-reads-password' };
const spaceId = newSpaceId();
const ids = [ulid(), ulid()];
const lines: string[] = [];
let dovecot: DovecotServer;
let proxy: ImapFaultProxy;
let h: Awaited<ReturnType<typeof mailHarness>>;
let mailboxId: string;
let threadId: string;
let staff: Api;

/** One sync run with read state on; the FETCH commands it sent, as the proxy saw them. */
async function syncOnce() {
  lines.length = 0;
  const outcome = await syncMailbox({ ...h.rt, parseQueue: h.parseQueue, syncQueue: h.syncQueue, readState: createServerReadStore(h.rt.table) },
    { spaceId, mailboxId, correlationId: `sync-${ulid()}` });
  await h.drain();
  return { outcome, fetches: lines.filter((l) => /^\S+ (UID )?FETCH /i.test(l)) };
}

const flags = (op: 'add' | 'remove', uid: number) => dovecot.doveadm(['flags', op, '-u', imapUser.user, '\\Seen', 'mailbox', 'INBOX', 'uid', String(uid)]);
const unread = async () => (await getInboxThread(h.rt.table, spaceId, threadId))!.unread;
const seenOnServer = async (): Promise<boolean[]> => {
  const out = await dovecot.doveadm(['-f', 'flow', 'fetch', '-u', imapUser.user, 'uid flags', 'mailbox', 'INBOX', 'all']);
  return out.trim().split('\n').map((line) => /\\Seen/.test(line));
};

beforeAll(async () => {
  dovecot = await startDovecot({ users: [imapUser] });
  proxy = await startImapFaultProxy({ host: dovecot.host, port: dovecot.port }, (line) => { lines.push(line); return undefined; });
  h = await mailHarness(spaceId);
  staff = apiAs(spaceId, 'staff', 'staff-1');
  // UID 2 is the thread's newest customer message by its Date header too.
  const dated = (raw: string, minutesAgo: number) => raw.replace(/^Date: .*$/m, `Date: ${new Date(Date.now() - minutesAgo * 60_000).toUTCString()}`);
  await dovecot.appendMessage(imapUser.user, 'INBOX', dated(aMail({ id: ids[0], subject: 'Widgets' }), 10));
  await dovecot.appendMessage(imapUser.user, 'INBOX', dated(aMail({ id: ids[1], subject: 'Re: Widgets', inReplyTo: `${ids[0]}@northwind.example` }), 5));
  mailboxId = (await h.connect(proxy, imapUser, [{ path: 'INBOX', role: 'inbox' }])).id;
  await syncOnce();
  const threads = await staff.get('/threads?limit=10');
  expect(threads.body.items).toHaveLength(1);
  threadId = threads.body.items[0].id;
}, 60_000);
afterAll(async () => { await proxy?.stop(); await dovecot?.stop(); });

describe('read state from the mail client to the CRM (real Dovecot, CONDSTORE)', () => {
  it('takes a read mark made in the mail client after one sync, with one FETCH of flags and no message fetched again', async () => {
    const before = await unread();
    await flags('add', 2);

    const { outcome, fetches } = await syncOnce();
    const audit = await apiAs(spaceId, 'admin').get(`/audit?entity=thread:${threadId}`);
    console.log(`read mark from the mail client: ${fetches.length} FETCH (${fetches[0]}), ${outcome.status === 'synced' ? outcome.messages : -1} messages fetched`);

    expect(before).toBe(true);
    expect(outcome).toMatchObject({ status: 'synced', messages: 0 });
    expect(await unread()).toBe(false);
    expect(fetches).toHaveLength(1);
    expect(fetches[0]).toMatch(/CHANGEDSINCE/);
    expect(fetches[0]).toMatch(/HEADER\.FIELDS \(MESSAGE-ID\)/i);
    expect(fetches[0]).not.toMatch(/BODY(\.PEEK)?\[\]|RFC822(?!\.SIZE)/);
    expect(audit.body.items).toMatchObject([{ action: 'marked-read', userId: 'mail-client', changes: { unread: { old: true, new: false } }, details: { via: 'mail-client', mailboxId } }]);
  });

  it('sends no FETCH at all when nothing changed', async () => {
    const { outcome, fetches } = await syncOnce();

    expect(outcome).toMatchObject({ status: 'synced', messages: 0 });
    expect(fetches).toEqual([]);
  });

  it('takes unread back from the mail client when its newest customer message loses \\Seen; a flag on an older one decides nothing', async () => {
    await flags('remove', 2);
    const { fetches } = await syncOnce();
    const afterNewest = await unread();
    await flags('add', 1);
    const older = await syncOnce();

    expect(fetches).toHaveLength(1);
    expect(afterNewest).toBe(true);
    expect(older.fetches).toHaveLength(1);
    expect(await unread()).toBe(true);
  });

  it('keeps a CRM mark newer than the previous sync over a client change and puts it back on the server; an older one loses', async () => {
    const thread = (await getInboxThread(h.rt.table, spaceId, threadId))!;
    const actor = { spaceId, userId: 'staff-1', requestId: ulid(), role: 'staff' as const };
    // The staff mark as PATCH /threads/{id} writes it; its push to the server is done by hand, so no queued job races the test.
    await applyThreadChange(h.rt.table, spaceId, threadId, thread.version, planThreadChange(systemRuntime, actor, thread, thread.version, { unread: false }));
    await flags('add', 2);
    await flags('remove', 2);

    await syncOnce();
    const crmKept = await unread();
    const serverAfter = await seenOnServer();
    await syncOnce();
    await flags('remove', 2);
    await syncOnce();

    expect(thread.unread).toBe(true);
    expect(crmKept).toBe(false);
    expect(serverAfter).toEqual([true, true]);
    expect(await unread()).toBe(true);
  });
});
