import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { startImapFaultProxy, uidSetHas, type ImapFaultProxy } from '../../support/imap-fault-proxy.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
let proxy: ImapFaultProxy;
const user = { user: 'badmsg', password: 'pw-badmsg' };
const BAD_UID = 3;
let refusing = true;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [user] });
  // A server that cannot serve one message: every FETCH that includes UID 3 (its size too) gets BAD.
  proxy = await startImapFaultProxy(dovecot, (line) => {
    const fetch = /^\S+ UID FETCH (\S+) /i.exec(line);
    return refusing && fetch && uidSetHas(fetch[1]!, BAD_UID) ? { kind: 'bad', text: 'Internal error reading the message' } : undefined;
  });
});
afterAll(async () => {
  await proxy?.stop();
  await dovecot?.stop();
});

describe('a message the server cannot serve', () => {
  it('syncs every other message, reports the bad UID with its reason, moves the cursor on, and imports it on retry', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const api = apiAs(spaceId);
    await dovecot.appendMessages(user.user, 'INBOX', Array.from({ length: 5 }, (_, i) => aMail({ subject: `m${i + 1}` })));
    const mailbox = await h.connect(proxy, user, [{ path: 'INBOX', role: 'inbox' }]);

    const first = await h.sync(mailbox.id).catch((error: Error) => error);
    await h.drain();
    const refusedAfterFirst = proxy.rejected.length;
    const second = await h.sync(mailbox.id).catch((error: Error) => error);
    const problems = await api.get(`/mailboxes/${mailbox.id}/problems`);
    const view = await api.get(`/mailboxes/${mailbox.id}`);
    const cursor = await h.rt.syncState.getCursor(spaceId, mailbox.id, 'INBOX');
    const subjects = (await messageItems(h.rt, spaceId)).map((m) => String(m.subject)).sort();
    console.info('unfetchable UID', { messages: 5, synced: subjects.length, lost: 4 - subjects.length, reported: problems.body?.counts?.unfetchable, cursor: cursor?.lastUid, refusedFetches: refusedAfterFirst });

    expect(first).toMatchObject({ status: 'synced', messages: 4, unfetchable: 1 });
    expect(subjects).toEqual(['m1', 'm2', 'm4', 'm5']);
    expect(cursor).toMatchObject({ lastUid: 5 });
    expect(second).toMatchObject({ status: 'synced', messages: 0 });
    expect(proxy.rejected.length).toBe(refusedAfterFirst);
    expect(problems.status).toBe(200);
    expect(problems.body.counts).toEqual({ 'unfetchable': 1, 'too_large': 0, 'unparsable': 0, 'total': 1 });
    expect(problems.body.items[0]).toMatchObject({ kind: 'unfetchable', folder: 'INBOX', uid: BAD_UID, attempts: 1 });
    expect(problems.body.items[0].reason).toMatch(/server refused to send the message \(BAD\) \(3 tries\)/);
    expect(view.body.problems).toMatchObject({ unfetchable: 1, total: 1 });

    refusing = false;
    const retry = await api.post(`/mailboxes/${mailbox.id}/problems/${problems.body.items[0].id}/retry`);
    const after = await eventually(() => api.get(`/mailboxes/${mailbox.id}/problems`), (r) => r.body?.counts?.total === 0);
    const imported = await eventually(() => messageItems(h.rt, spaceId), (items) => items.length === 5);

    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ queued: true, problem: { uid: BAD_UID, retryRequestedAt: expect.any(String) } });
    expect(after.body.counts.total).toBe(0);
    expect(imported.map((m) => String(m.subject)).sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });
});
