import { describe, expect, it } from 'vitest';
import { planThreadChange } from '../../../../shared/domain/inbox/change-thread.js';
import type { InboxThread } from '../../../../shared/domain/inbox/inbox-thread.js';

const rt = { now: () => new Date('2026-11-02T10:00:00.000Z'), newId: (() => { let n = 0; return () => `id-${++n}`; })() };
const actor = { spaceId: 's1', userId: 'u1', requestId: 'r1', role: 'staff' as const };
const aThread = (over: Partial<InboxThread> = {}): InboxThread => ({
  id: 't1', subject: 'Hello', lastMessageAt: '2026-11-02T09:00:00.000Z', messageCount: 1, participants: [], lastSnippet: '',
  contactIds: [], companyIds: [], unread: true, status: 'open', mailboxIds: [], version: 3, ...over,
});

describe('planning a staff change on a thread', () => {
  it('writes one audit row per field that really changes, old → new', () => {
    const plan = planThreadChange(rt, actor, aThread({ assigneeId: 'u9' }), 3, { assigneeId: 'u1', status: 'completed', unread: true });

    expect(plan.set).toEqual({ assigneeId: 'u1', status: 'completed' });
    expect(plan.audits.map((a) => [a.action, a.changes])).toEqual([
      ['assigned', { assigneeId: { old: 'u9', new: 'u1' } }],
      ['completed', { status: { old: 'open', new: 'completed' } }],
    ]);
  });

  it('removes the assignee on unassign and plans nothing for a no-op', () => {
    expect(planThreadChange(rt, actor, aThread({ assigneeId: 'u9' }), 3, { assigneeId: null })).toMatchObject({ remove: ['assigneeId'], audits: [{ action: 'unassigned' }] });
    expect(planThreadChange(rt, actor, aThread(), 3, { status: 'open', unread: true }).audits).toEqual([]);
  });

  it('refuses a stale version with the current one', () => {
    expect(() => planThreadChange(rt, actor, aThread(), 2, { status: 'completed' })).toThrow(expect.objectContaining({ code: 'version-mismatch', currentVersion: 3 }));
  });

  it('hides a restricted thread from staff other than its assignee, not from admins', () => {
    const restricted = aThread({ restricted: true, assigneeId: 'u9' });

    expect(() => planThreadChange(rt, actor, restricted, 3, { status: 'completed' })).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(planThreadChange(rt, { ...actor, role: 'admin' }, restricted, 3, { status: 'completed' }).audits).toHaveLength(1);
  });

  it('marks a thread private by hand for its assignee and admins, and refuses anyone else', () => {
    const mine = planThreadChange(rt, actor, aThread({ assigneeId: 'u1' }), 3, { privacy: 'subject' });
    const cleared = planThreadChange(rt, { ...actor, userId: 'boss', role: 'admin' }, aThread({ manualPrivacy: 'subject' }), 3, { privacy: null });
    const same = planThreadChange(rt, actor, aThread({ assigneeId: 'u1', manualPrivacy: 'subject' }), 3, { privacy: 'subject' });

    expect(mine).toMatchObject({ set: { manualPrivacy: 'subject' }, audits: [{ action: 'marked-private', changes: { privacy: { old: null, new: 'subject' } } }] });
    expect(cleared).toMatchObject({ remove: ['manualPrivacy'], audits: [{ action: 'unmarked-private', userId: 'boss' }] });
    expect(same.audits).toEqual([]);
    expect(() => planThreadChange(rt, actor, aThread({ assigneeId: 'u9' }), 3, { privacy: 'metadata' })).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });
});
