import { describe, expect, it } from 'vitest';
import { createMemoryMailbox } from '../../../../shared/adapters/imap/memory-mailbox.js';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-entry.js';
import type { ThreadReadState } from '../../../../shared/domain/inbox/server-read-state.js';
import { messageIdentity } from '../../../../shared/domain/mail/message-identity.js';
import { syncMailbox } from '../../../../shared/domain/threads/sync-mailbox.js';
import type { ServerReadRepo } from '../../../../shared/domain/threads/sync-read-state.js';
import { aMailOf, PASSWORD, SPACE, syncWorld } from './sync-fixtures.js';

const id = (n: number) => messageIdentity(SPACE, { messageId: `${n}@x.example` });

/** One thread holding mails 1 and 2 (2 the newest customer message), kept in memory. */
function memoryReadState(thread: Omit<ThreadReadState, 'threadId' | 'newestInboundId'>) {
  const state: ThreadReadState = { threadId: 't1', newestInboundId: id(2), ...thread };
  const audits: AuditEntry[] = [];
  const repo: ServerReadRepo = {
    threadIdsOf: async (_s, ids) => new Map(ids.filter((i) => [id(1), id(2), id(3)].includes(i)).map((i) => [i, 't1'])),
    readStateOf: async () => ({ ...state }),
    async applyServerRead(_s, _t, unread, expected, audit) {
      if (expected.version !== state.version || expected.unread !== state.unread) return false;
      Object.assign(state, { unread });
      audits.push(audit);
      return true;
    },
  };
  return { repo, state, audits };
}

async function syncedWorld(condstore: boolean) {
  const w = syncWorld({}, 'mb-1', createMemoryMailbox({ password: PASSWORD, condstore }));
  const read = memoryReadState({ unread: true, version: 0 });
  const deps = { ...w.deps, readState: read.repo };
  w.server.deliver('INBOX', aMailOf(200, 1));
  w.server.deliver('INBOX', aMailOf(200, 2));
  await syncMailbox(deps, w.input);
  return { ...w, read, deps, fetchedBefore: w.server.fetched.length };
}

describe('read state from the mail server on sync', () => {
  it('takes a read mark from a CONDSTORE server without fetching any mail again, and audits it as the mail client', async () => {
    const w = await syncedWorld(true);
    w.server.setFlags('INBOX', 2, ['\\Seen']);

    const outcome = await syncMailbox(w.deps, w.input);

    expect(outcome).toMatchObject({ status: 'synced', messages: 0 });
    expect(w.read.state.unread).toBe(false);
    expect(w.server.fetched.length).toBe(w.fetchedBefore);
    expect(w.read.audits).toMatchObject([{ entity: 'thread', entityId: 't1', action: 'marked-read', userId: 'mail-client', changes: { unread: { old: true, new: false } } }]);
  });

  it('reads the recent window on every poll of a server without CONDSTORE, no-op polls included', async () => {
    const w = await syncedWorld(false);
    w.server.setFlags('INBOX', 2, ['\\Seen']);

    await syncMailbox(w.deps, w.input);
    const afterRead = w.read.state.unread;
    w.server.setFlags('INBOX', 2, []);
    await syncMailbox(w.deps, w.input);

    expect(afterRead).toBe(false);
    expect(w.read.state.unread).toBe(true);
    expect(w.server.fetched.length).toBe(w.fetchedBefore);
  });

  it('puts a staff mark newer than the previous sync back on the server instead of taking the client\'s state', async () => {
    const w = await syncedWorld(true);
    Object.assign(w.read.state, { unread: false, version: 1, readChangedAt: new Date(Date.now() + 1_000).toISOString() });
    w.server.setFlags('INBOX', 2, ['\\Flagged']);

    await syncMailbox(w.deps, w.input);

    expect(w.read.state.unread).toBe(false);
    expect(w.server.folders.get('INBOX')!.messages.find((m) => m.uid === 2)!.flags).toEqual(['\\Flagged', '\\Seen']);
    expect(w.read.audits).toEqual([]);
  });

  it('looks at no flags of mail above the cursor (it is new mail, not yet stored)', async () => {
    const w = await syncedWorld(true);
    Object.assign(w.read.state, { newestInboundId: id(3) });
    w.server.deliver('INBOX', aMailOf(200, 3), { flags: ['\\Seen'] });

    const outcome = await syncMailbox(w.deps, w.input);

    expect(outcome).toMatchObject({ status: 'synced', messages: 1 });
    expect(w.read.state.unread).toBe(true);
  });
});
