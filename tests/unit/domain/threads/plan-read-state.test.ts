import { describe, expect, it } from 'vitest';
import { planReadState, READ_STATE_MESSAGES } from '../../../../shared/domain/threads/plan-read-state.js';
import { setSeen } from '../../../../shared/domain/threads/set-seen.js';
import { SPACE, syncWorld } from './sync-fixtures.js';

const members = [
  { id: 'm3', direction: 'outbound' as const },
  { id: 'm2', direction: 'inbound' as const },
  { id: 'm1', direction: 'inbound' as const },
];
const records = new Map([
  ['m3', { messageId: 'ours@acme.example', mailboxId: 'mb-1' }],
  ['m2', { messageId: 'two@northwind.example', mailboxId: 'mb-2' }],
  ['m1', { messageId: 'sha256:abc', mailboxId: 'mb-1' }],
]);
const input = { spaceId: SPACE, correlationId: 'c1' };

describe('planReadState', () => {
  it('marks every message with a real Message-ID seen, one job per mailbox, when the thread is read', () => {
    const jobs = planReadState({ ...input, unread: false }, members, records);

    expect(jobs).toEqual([
      expect.objectContaining({ action: 'set-seen', mailboxId: 'mb-1', messageIds: ['ours@acme.example'], seen: true }),
      expect.objectContaining({ action: 'set-seen', mailboxId: 'mb-2', messageIds: ['two@northwind.example'], seen: true }),
    ]);
  });

  it('clears \\Seen on the newest customer message only when the thread is marked unread', () => {
    const jobs = planReadState({ ...input, unread: true }, members, records);

    expect(jobs).toEqual([expect.objectContaining({ mailboxId: 'mb-2', messageIds: ['two@northwind.example'], seen: false })]);
  });

  it('carries at most the newest READ_STATE_MESSAGES messages', () => {
    const many = Array.from({ length: READ_STATE_MESSAGES + 5 }, (_, i) => ({ id: `m${i}`, direction: 'inbound' as const }));
    const all = new Map(many.map((m) => [m.id, { messageId: `${m.id}@x.example`, mailboxId: 'mb-1' }]));

    const [job] = planReadState({ ...input, unread: false }, many, all);

    expect(job?.messageIds).toHaveLength(READ_STATE_MESSAGES);
    expect(job?.messageIds[0]).toBe('m0@x.example');
  });
});

describe('setSeen', () => {
  it('sets and clears \\Seen on the server by Message-ID in every folder that exists', async () => {
    const w = syncWorld();
    w.mailboxes.set('mb-1', { ...w.record, folders: [{ path: 'INBOX', role: 'inbox' }, { path: 'Archive', role: 'other' }] });
    w.server.deliver('INBOX', 'Message-ID: <a@x.example>\r\nSubject: a\r\n\r\nhi\r\n');
    w.server.deliver('INBOX', 'Message-ID: <b@x.example>\r\nSubject: b\r\n\r\nhi\r\n');
    const job = { v: 1 as const, correlationId: 'c', spaceId: SPACE, action: 'set-seen' as const, mailboxId: 'mb-1', messageIds: ['a@x.example'], seen: true };

    const seen = await setSeen(w.deps, job);
    const flagsAfterSeen = w.server.folders.get('INBOX')!.messages.map((m) => [...m.flags]);
    const cleared = await setSeen(w.deps, { ...job, seen: false });

    expect(seen).toEqual({ status: 'stored', changed: 1 });
    expect(flagsAfterSeen).toEqual([['\\Seen'], []]);
    expect(cleared).toEqual({ status: 'stored', changed: 1 });
    expect(w.server.folders.get('INBOX')!.messages.map((m) => m.flags)).toEqual([[], []]);
  });
});
