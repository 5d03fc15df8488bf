import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems, readSamples } from './mail-harness.js';

const DAY = 86_400_000;
let dovecot: DovecotServer;
const users = Array.from({ length: 8 }, (_, i) => ({ user: `u${i}`, password: `pw-${i}` }));

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

describe('mailbox sync through the pipeline (real Dovecot, DynamoDB Local, s3rver)', () => {
  it('takes only the last 30 days on the first sync and only new mail afterwards', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const user = users[0]!;
    await dovecot.appendMessage(user.user, 'INBOX', aMail({ subject: 'old' }), { date: new Date(Date.now() - 45 * DAY) });
    await dovecot.appendMessages(user.user, 'INBOX', [aMail({ subject: 'a' }), aMail({ subject: 'b' })]);
    const mailbox = await h.connect(dovecot, user);

    const first = await h.sync(mailbox.id);
    await h.drain();
    await dovecot.appendMessage(user.user, 'INBOX', aMail({ subject: 'c' }));
    const second = await h.sync(mailbox.id);
    await h.drain();
    const third = await h.sync(mailbox.id);

    expect(first).toMatchObject({ status: 'synced', messages: 2 });
    expect(second).toMatchObject({ status: 'synced', messages: 1 });
    expect(third).toMatchObject({ status: 'synced', messages: 0 });
    expect((await messageItems(h.rt, spaceId)).map((m) => m.subject).sort()).toEqual(['a', 'b', 'c']);
    const status = await h.rt.mailboxes.getMailbox(spaceId, mailbox.id);
    expect(status.messagesSynced).toBe(3);
    expect(status.lastSyncAt).toBeDefined();
    expect(status.lastError).toBeUndefined();
  });

  it('creates no duplicate after a UIDVALIDITY reset', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const user = users[1]!;
    await dovecot.appendMessages(user.user, 'INBOX', [aMail(), aMail(), aMail()]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    await h.drain();

    await dovecot.doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '4242', 'INBOX']);
    const afterReset = await h.sync(mailbox.id);
    const outcomes = await h.drain();

    expect(afterReset).toMatchObject({ status: 'synced', messages: 3 });
    expect(outcomes.every((o) => o.status === 'duplicate')).toBe(true);
    expect(await messageItems(h.rt, spaceId)).toHaveLength(3);
    expect(await h.rt.syncState.getCursor(spaceId, mailbox.id, 'INBOX')).toMatchObject({ uidValidity: '4242', resetCount: 1 });
  });

  it('stores the same mail in INBOX and Sent once, as outbound', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const user = users[2]!;
    const mail = aMail({ from: 'Acme Sales <sales@acme-supplies.example>', subject: 'Quote' }).replace(`To: sales@acme-supplies.example`, 'To: jane.doe@northwind.example');
    await dovecot.appendMessage(user.user, 'INBOX', mail);
    await dovecot.appendMessage(user.user, 'Sent', mail);
    const mailbox = await h.connect(dovecot, user);

    await h.sync(mailbox.id);
    const outcomes = await h.drain();

    const items = await messageItems(h.rt, spaceId);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['duplicate', 'linked']);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ direction: 'outbound' });
  });

  it('threads a reply linked before its parent into one thread (Q7)', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const user = users[3]!;
    await dovecot.appendMessage(user.user, 'INBOX', aMail({ id: 'reply-1', inReplyTo: 'parent-1@northwind.example', subject: 'Re: Order' }));
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    await h.drain();
    await dovecot.appendMessage(user.user, 'INBOX', aMail({ id: 'parent-1', subject: 'Order' }));

    await h.sync(mailbox.id);
    await h.drain();

    const items = await messageItems(h.rt, spaceId);
    expect(items).toHaveLength(2);
    expect(new Set(items.map((m) => m.threadId)).size).toBe(1);
    const thread = await h.rt.threads.getThread(spaceId, String(items[0]!.threadId));
    expect(thread?.messageCount).toBe(2);
  });

  it('runs one of two overlapping syncs and skips the other (lease)', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const user = users[4]!;
    await dovecot.appendMessages(user.user, 'INBOX', Array.from({ length: 20 }, () => aMail()));
    const mailbox = await h.connect(dovecot, user);

    const outcomes = await Promise.all([h.sync(mailbox.id), h.sync(mailbox.id)]);
    await h.drain();

    expect(outcomes.map((o) => o.status).sort()).toEqual(['skipped', 'synced']);
    expect(await messageItems(h.rt, spaceId)).toHaveLength(20);
    expect(await h.sync(mailbox.id)).toMatchObject({ status: 'synced' });
  });

  it('links the sample mails to contacts and companies and marks automated mail', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const user = users[5]!;
    const northwind = await h.addCompany('Northwind', ['northwind.example']);
    const jane = await h.addContact('Jane Doe', ['Jane.Doe@northwind.example'], northwind);
    const maria = await h.addContact('Maria Garcia', ['maria.garcia@gmail.com']);
    const samples = await readSamples();
    await dovecot.appendMessages(user.user, 'INBOX', [...samples.entries()].filter(([f]) => !f.startsWith('04')).map(([, raw]) => raw));
    await dovecot.appendMessage(user.user, 'Sent', samples.get('04-outbound-reply.eml')!);
    const mailbox = await h.connect(dovecot, user);

    await h.sync(mailbox.id);
    await h.drain();

    const janeActivity = await h.rt.activities.listActivity(spaceId, { kind: 'contact', id: jane }, 50);
    const companyActivity = await h.rt.activities.listActivity(spaceId, { kind: 'company', id: northwind }, 50);
    const mariaActivity = await h.rt.activities.listActivity(spaceId, { kind: 'contact', id: maria }, 50);
    // order, our reply, her reply, and the plus-addressed reorder
    expect(janeActivity.items.map((e) => e.subject)).toEqual(['Reorder', 'Re: Order: 5 Large Black Widgets', 'Re: Order: 5 Large Black Widgets', 'Order: 5 Large Black Widgets']);
    expect(new Set(janeActivity.items.slice(1).map((e) => e.threadId)).size).toBe(1);
    expect(companyActivity.items.length).toBeGreaterThanOrEqual(4);
    expect(mariaActivity.items).toHaveLength(1);
    const items = await messageItems(h.rt, spaceId);
    const gmailCompany = items.find((m) => String(m.subject) === 'Widget order');
    expect(gmailCompany?.companyIds).toEqual([]);
    const auto = items.find((m) => String(m.subject).startsWith('Automatic reply'));
    expect(auto?.automated).toBe('auto-reply');
    expect(items.find((m) => String(m.subject).startsWith('Undelivered'))?.automated).toBe('bounce');
  });

  it('gives a contact created after the mail arrived its history (relink)', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const user = users[6]!;
    await dovecot.appendMessages(user.user, 'INBOX', [aMail({ from: 'Kim <kim@later.example>', subject: 'first' }), aMail({ from: 'Kim <kim@later.example>', subject: 'second' })]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    await h.drain();
    const kim = await h.addContact('Kim', ['kim@later.example']);

    const { requestRelink } = await import('../../../shared/domain/threads/request-relink.js');
    await requestRelink(h.linkQueue, { spaceId, addresses: ['Kim@Later.example'], correlationId: 'test' });
    await h.drain();

    const activity = await h.rt.activities.listActivity(spaceId, { kind: 'contact', id: kim }, 50);
    expect(activity.items.map((e) => e.subject).sort()).toEqual(['first', 'second']);
    const message = await h.rt.messages.findMessage(spaceId, activity.items[0]!.messageId);
    expect(message?.contactIds).toEqual([kim]);
  });

  it('records an authentication failure as lastError and does not throw', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const mailbox = await h.connect(dovecot, { user: users[7]!.user, password: 'wrong' });

    const outcome = await h.sync(mailbox.id);

    expect(outcome).toMatchObject({ status: 'failed', reason: 'auth' });
    expect((await h.rt.mailboxes.getMailbox(spaceId, mailbox.id)).lastError).toBe('authentication failed: check the app password');
  });
});
