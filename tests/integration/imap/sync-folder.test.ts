import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImapflowMailbox } from '../../../shared/adapters/imap/imapflow-mailbox.js';
import { planSync, type SyncCursor } from '../../../shared/domain/mailbox/plan-sync.js';
import type { MailboxSession } from '../../../shared/domain/mailbox/ports.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMailboxConfig, aRawMessage, DAY_MS } from './imap-fixtures.js';

const users = ['window', 'reset', 'modseq', 'small', 'large', 'pair'].map((user) => ({ user, password: 'pw' }));

describe('an IMAP session against Dovecot', () => {
  let dovecot: DovecotServer;
  const mailbox = createImapflowMailbox({ allowPrivateHosts: true });
  const open = (user: string): Promise<MailboxSession> => mailbox.openSession(aMailboxConfig(dovecot.port, { username: user }), 'pw');

  beforeAll(async () => {
    dovecot = await startDovecot({ users });
  });
  afterAll(async () => {
    await dovecot.stop();
  });

  it('finds only mail inside the 30-day window, then only new mail on the next poll', async () => {
    const now = new Date();
    await dovecot.appendMessage('window', 'INBOX', aRawMessage({ id: 'old@x' }), { date: new Date(now.getTime() - 45 * DAY_MS) });
    await dovecot.appendMessage('window', 'INBOX', aRawMessage({ id: 'recent@x' }), { date: new Date(now.getTime() - 3 * DAY_MS), flags: ['\\Seen'] });
    const session = await open('window');
    try {
      const state = await session.folderState('INBOX');
      const plan = planSync(undefined, state, { windowDays: 30, now });
      const uids = await session.searchUidsSince('INBOX', { sinceDate: plan.kind === 'initial' ? plan.since : undefined });
      const got: { uid: number; raw: string; flags: readonly string[] }[] = [];
      await session.fetchSources('INBOX', uids, async (uid, raw, _date, flags) => { got.push({ uid, raw: raw.toString(), flags }); });

      expect(plan.kind).toBe('initial');
      expect(uids).toEqual([2]);
      expect(got).toHaveLength(1);
      expect(got[0]?.raw).toContain('Message-ID: <recent@x>');
      expect(got[0]?.flags).toEqual(['\\Seen']);

      await dovecot.appendMessage('window', 'INBOX', aRawMessage({ id: 'new@x' }));
      const cursor: SyncCursor = { uidValidity: state.uidValidity, lastUid: 2, uidNext: state.uidNext, resetCount: 0 };
      const next = planSync(cursor, await session.folderState('INBOX'), { windowDays: 30, now });
      const fresh = next.kind === 'incremental' ? await session.searchUidsSince('INBOX', { minUid: next.fromUid }) : [];

      expect(next).toMatchObject({ kind: 'incremental', fromUid: 3 });
      expect(fresh).toEqual([3]);
    } finally {
      await session.close();
    }
  });

  it('returns no UIDs when nothing is at or above minUid', async () => {
    const session = await open('window');
    try {
      expect(await session.searchUidsSince('INBOX', { minUid: 99 })).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('plans a reset after doveadm changes UIDVALIDITY', async () => {
    await dovecot.appendMessage('reset', 'INBOX', aRawMessage());
    const session = await open('reset');
    try {
      const before = await session.folderState('INBOX');
      const cursor: SyncCursor = { uidValidity: before.uidValidity, lastUid: 1, resetCount: 0 };

      await dovecot.doveadm(['mailbox', 'update', '-u', 'reset', '--uid-validity', '4242', 'INBOX']);
      const after = await session.folderState('INBOX');

      expect(after.uidValidity).toBe('4242');
      expect(planSync(cursor, after, { windowDays: 30, now: new Date() })).toMatchObject({ kind: 'reset', resetCount: 1 });
    } finally {
      await session.close();
    }
  });

  it('keeps a HIGHESTMODSEQ above 2^53 exact as a string and finds the one flagged message', async () => {
    await dovecot.appendMessages('modseq', 'INBOX', [aRawMessage(), aRawMessage({ id: 'Flagged.One@Example.COM' }), aRawMessage()]);
    await open('modseq').then((s) => s.folderState('INBOX').finally(() => s.close()));
    await dovecot.doveadm(['mailbox', 'update', '-u', 'modseq', '--min-highest-modseq', '9007199254740995', 'INBOX']);
    const session = await open('modseq');
    try {
      const before = await session.folderState('INBOX');
      await dovecot.doveadm(['flags', 'add', '-u', 'modseq', '\\Flagged', 'mailbox', 'INBOX', 'uid', '2']);
      const after = await session.folderState('INBOX');
      const changed = await session.changedFlagsSince('INBOX', before.highestModseq ?? '0');

      expect(before.highestModseq).toBe('9007199254740995');
      expect(BigInt(after.highestModseq ?? '0')).toBeGreaterThan(9007199254740995n);
      expect(JSON.stringify(after)).toContain(`"highestModseq":"${after.highestModseq}"`);
      expect(changed).toEqual([{ uid: 2, flags: ['\\Flagged'], modseq: after.highestModseq, messageId: 'Flagged.One@example.com' }]);
      expect(planSync({ uidValidity: before.uidValidity, lastUid: 3, highestModseq: before.highestModseq, resetCount: 0 }, after,
        { windowDays: 30, now: new Date() })).toMatchObject({ kind: 'incremental', changedSince: '9007199254740995' });
    } finally {
      await session.close();
    }
  });

  it('reads flags and Message-ID of the newest messages without CONDSTORE state, one FETCH and no body', async () => {
    await dovecot.appendMessages('window', 'INBOX', [aRawMessage({ id: 'w1@x' }), aRawMessage({ id: 'w2@x' })], { flags: ['\\Seen'] });
    const session = await open('window');
    try {
      const recent = await session.recentFlags('INBOX', 2);
      await session.storeSeen('INBOX', [recent[1]!.uid], false);
      const after = await session.recentFlags('INBOX', 1);

      expect(recent.map((r) => [r.messageId, r.flags])).toEqual([['w1@x', ['\\Seen']], ['w2@x', ['\\Seen']]]);
      expect(after.map((r) => [r.messageId, r.flags])).toEqual([['w2@x', []]]);
    } finally {
      await session.close();
    }
  });

  it('issues the same number of commands for a no-op poll of 10 and of 1,000 messages', async () => {
    await dovecot.appendMessages('small', 'INBOX', Array.from({ length: 10 }, () => aRawMessage()));
    await dovecot.appendMessages('large', 'INBOX', Array.from({ length: 1_000 }, () => aRawMessage()));

    const noopCommands = async (user: string): Promise<number> => {
      const warm = await open(user);
      const state = await warm.folderState('INBOX').finally(() => warm.close());
      const cursor: SyncCursor = { uidValidity: state.uidValidity, lastUid: state.uidNext - 1, highestModseq: state.highestModseq, resetCount: 0 };
      const session = await open(user);
      try {
        const plan = planSync(cursor, await session.folderState('INBOX'), { windowDays: 30, now: new Date() });
        expect(plan.kind).toBe('noop');
        return session.commandCount;
      } finally {
        await session.close();
      }
    };

    const small = await noopCommands('small');
    const large = await noopCommands('large');

    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(8);
  });

  it('collects the UIDs first, then downloads two messages to completion', async () => {
    await dovecot.appendMessages('pair', 'INBOX', [aRawMessage({ id: 'one@x' }), aRawMessage({ id: 'two@x' })]);
    const session = await open('pair');
    try {
      const uids = await session.searchUidsSince('INBOX', {});
      const seen: number[] = [];
      await session.fetchSources('INBOX', uids, async (uid) => {
        seen.push(uid);
        await session.folderState('INBOX');
      });

      expect(seen).toEqual([1, 2]);
    } finally {
      await session.close();
    }
  }, 5_000);

  it('reports a folder the server does not have', async () => {
    const session = await open('pair');
    try {
      await expect(session.folderState('Nope')).rejects.toMatchObject({ kind: 'folder-missing', message: 'folder "Nope" not found on the server' });
      await expect(session.searchUidsSince('Nope', {})).rejects.toMatchObject({ kind: 'folder-missing' });
    } finally {
      await session.close();
    }
  });

  it('throws MailboxAuthError from openSession on a wrong password', async () => {
    await expect(mailbox.openSession(aMailboxConfig(dovecot.port, { username: 'pair' }), 'bad'))
      .rejects.toMatchObject({ code: 'mailbox-auth-failed' });
  });
});
