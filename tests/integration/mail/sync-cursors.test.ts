import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxClient } from '../../../shared/domain/mailbox/ports.js';
import { syncMailbox } from '../../../shared/domain/threads/sync-mailbox.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const users = ['flap', 'modseq', 'expunge', 'race', 'gone'].map((u) => ({ user: u, password: `pw-${u}` }));
const inbox = [{ path: 'INBOX', role: 'inbox' as const }];
const userOf = (name: string) => users.find((u) => u.user === name)!;

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

describe('folder cursors against Dovecot', () => {
  it('pauses a mailbox whose UIDVALIDITY flaps three times with 0 duplicates, and a resume syncs again (I4)', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages('flap', 'INBOX', [aMail({ subject: 'a' }), aMail({ subject: 'b' }), aMail({ subject: 'c' })]);
    const mailbox = await h.connect(dovecot, userOf('flap'), inbox);
    await h.sync(mailbox.id);
    await h.drain();

    const outcomes = [];
    for (const validity of [1_000_001, 1_000_002, 1_000_003]) {
      await dovecot.doveadm(['mailbox', 'update', '-u', 'flap', '--uid-validity', String(validity), 'INBOX']);
      outcomes.push((await h.sync(mailbox.id)).status);
      await h.drain();
    }
    const paused = await h.rt.mailboxes.getMailbox(spaceId, mailbox.id);
    const resumed = await apiAs(spaceId).patch(`/mailboxes/${mailbox.id}`, { paused: false }, { headers: { 'if-match': `"${paused.version}"` } });
    const afterResume = await h.sync(mailbox.id);
    await h.drain();

    expect(outcomes).toEqual(['synced', 'synced', 'failed']);
    expect(paused.paused).toBe(true);
    expect(paused.lastError).toMatch(/UIDVALIDITY changed 3 times/);
    expect(resumed.status).toBe(200);
    expect(afterResume).toMatchObject({ status: 'synced' });
    expect((await h.rt.syncState.getCursor(spaceId, mailbox.id, 'INBOX'))).toMatchObject({ uidValidity: '1000003', resetCount: 1 });
    expect((await messageItems(h.rt, spaceId)).map((m) => m.subject).sort()).toEqual(['a', 'b', 'c']);
  });

  it('keeps a modseq above 2^53 as an exact decimal string (I5)', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages('modseq', 'INBOX', [aMail({ subject: 'first' })]);
    const mailbox = await h.connect(dovecot, userOf('modseq'), inbox);
    await h.sync(mailbox.id);
    const huge = '9007199254740993';
    await dovecot.doveadm(['mailbox', 'update', '-u', 'modseq', '--min-highest-modseq', huge, 'INBOX']);
    await dovecot.appendMessages('modseq', 'INBOX', [aMail({ subject: 'second' })]);

    const second = await h.sync(mailbox.id);
    await dovecot.doveadm(['flags', 'add', '-u', 'modseq', '\\Seen', 'mailbox', 'INBOX', 'ALL']);
    const third = await h.sync(mailbox.id);
    await h.drain();
    const cursor = await h.rt.syncState.getCursor(spaceId, mailbox.id, 'INBOX');

    expect(second).toMatchObject({ status: 'synced', messages: 1 });
    expect(third).toMatchObject({ status: 'synced', messages: 0 });
    expect(typeof cursor?.highestModseq).toBe('string');
    expect(BigInt(cursor!.highestModseq!) > BigInt(huge)).toBe(true);
    expect(await messageItems(h.rt, spaceId)).toHaveLength(2);
  });

  it('stores the 15 survivors when 5 of 20 are expunged between polls, with the cursor past all 20 (I7)', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages('expunge', 'INBOX', Array.from({ length: 10 }, (_, i) => aMail({ subject: `keep ${i}` })));
    const mailbox = await h.connect(dovecot, userOf('expunge'), inbox);
    await h.sync(mailbox.id);
    await dovecot.appendMessages('expunge', 'INBOX', [
      ...Array.from({ length: 5 }, (_, i) => aMail({ subject: `later ${i}` })),
      ...Array.from({ length: 5 }, (_, i) => aMail({ subject: `gone ${i}` })),
    ]);
    await dovecot.doveadm(['expunge', '-u', 'expunge', 'mailbox', 'INBOX', 'HEADER', 'Subject', 'gone']);

    const second = await h.sync(mailbox.id, { chunkSize: 4 });
    await h.drain();
    const third = await h.sync(mailbox.id);

    expect(second).toMatchObject({ status: 'synced', messages: 5 });
    expect(third).toMatchObject({ status: 'synced', messages: 0 });
    expect(await messageItems(h.rt, spaceId)).toHaveLength(15);
    expect(await h.rt.syncState.getCursor(spaceId, mailbox.id, 'INBOX')).toMatchObject({ lastUid: 15, uidNext: 21 });
  });

  it('stores the 15 survivors when 5 are expunged between SEARCH and FETCH (I7)', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages('race', 'INBOX', Array.from({ length: 20 }, (_, i) => aMail({ subject: i % 4 === 1 ? `gone ${i}` : `keep ${i}` })));
    const mailbox = await h.connect(dovecot, userOf('race'), inbox);
    const imap: MailboxClient = {
      ...h.rt.imap,
      async openSession(config, password) {
        const session = await h.rt.imap.openSession(config, password);
        return Object.assign(Object.create(session) as typeof session, {
          async searchUidsSince(path: string, query: Parameters<typeof session.searchUidsSince>[1]) {
            const uids = await session.searchUidsSince(path, query);
            await dovecot.doveadm(['expunge', '-u', 'race', 'mailbox', 'INBOX', 'HEADER', 'Subject', 'gone']);
            return uids;
          },
        });
      },
    };

    const first = await syncMailbox({ ...h.rt, imap, parseQueue: h.parseQueue, limits: { batchCount: 6 } }, { spaceId, mailboxId: mailbox.id, correlationId: 'race' });
    await h.drain();
    const second = await h.sync(mailbox.id);

    expect(first).toMatchObject({ status: 'synced', messages: 15 });
    expect(second).toMatchObject({ status: 'synced', messages: 0 });
    expect(await messageItems(h.rt, spaceId)).toHaveLength(15);
    expect(await h.rt.syncState.getCursor(spaceId, mailbox.id, 'INBOX')).toMatchObject({ lastUid: 20, uidNext: 21 });
  });

  it('deletes the lease and folder cursors with the mailbox', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages('gone', 'INBOX', [aMail()]);
    const mailbox = await h.connect(dovecot, userOf('gone'), inbox);
    await h.sync(mailbox.id);
    await h.rt.syncState.acquireLease(spaceId, mailbox.id, 'someone', Date.now(), 60_000);

    const deleted = await apiAs(spaceId).delete(`/mailboxes/${mailbox.id}`);

    expect(deleted.status).toBe(204);
    expect(await h.rt.syncState.getCursor(spaceId, mailbox.id, 'INBOX')).toBeUndefined();
    expect(await h.rt.syncState.acquireLease(spaceId, mailbox.id, 'other', Date.now(), 60_000)).toBe(true);
  });
});
