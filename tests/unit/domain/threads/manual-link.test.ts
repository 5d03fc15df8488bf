import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-entry.js';
import { linkByHand, unlinkByHand, type ManualLinkDeps } from '../../../../shared/domain/threads/manual-link.js';
import type { MessageRecord } from '../../../../shared/domain/threads/ports.js';

const actor = { spaceId: 's1', userId: 'staff-1', requestId: 'req-1' };
const rt = { now: () => new Date('2026-11-29T12:00:00Z'), newId: () => 'audit-1' };
const aMessage = (id: string, over: Partial<MessageRecord> = {}) =>
  ({ id, threadId: 't1', subject: 'Order', date: `2026-11-0${id.length}T00:00:00Z`, from: { address: 'jane@x.example' }, snippet: '', direction: 'inbound', contactIds: [], companyIds: [], ...over }) as unknown as MessageRecord;

function memoryDeps(messages: MessageRecord[]) {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const timeline = new Map<string, string>();
  const audits: AuditEntry[] = [];
  const threadOwners = new Set<string>();
  const deps: ManualLinkDeps = {
    messages: { findMessage: async (_s, id) => byId.get(id) },
    links: {
      writeLinks: async (_s, read, change) => {
        byId.set(read.id, { ...byId.get(read.id)!, ...change.state });
        change.put.forEach((o) => timeline.set(`${o.id}/${change.entry.messageId}`, o.provenance.kind));
        change.remove.forEach((o) => timeline.delete(`${o.id}/${change.entry.messageId}`));
        return true;
      },
    },
    threads: {
      addThreadLinks: async (_s, _t, c, co) => { [...c, ...co].forEach((o) => threadOwners.add(o)); },
      removeThreadLinks: async (_s, _t, owner) => { threadOwners.delete(owner.id); },
    },
    audits: { putAudit: async (a) => { audits.push(a); } },
    touchContactActivity: async () => undefined,
  };
  return { deps, byId, timeline, audits, threadOwners };
}

describe('linkByHand and unlinkByHand', () => {
  it('links only the messages not yet linked, with provenance manual and the user, and audits once', async () => {
    const w = memoryDeps([aMessage('m1'), aMessage('m22', { contactIds: ['c1'], linkProvenance: { 'contact#c1': { kind: 'exact_address', at: 'x' } } })]);

    const linked = await linkByHand(w.deps, rt, actor, { threadId: 't1', messageIds: ['m1', 'm22'], owner: { kind: 'contact', id: 'c1' } });

    expect(linked).toBe(1);
    expect(w.byId.get('m1')!.linkProvenance).toEqual({ 'contact#c1': { kind: 'manual', byUserId: 'staff-1', at: '2026-11-29T12:00:00.000Z' } });
    expect(w.byId.get('m22')!.linkProvenance!['contact#c1']!.kind).toBe('exact_address');
    expect([...w.timeline]).toEqual([['c1/m1', 'manual']]);
    expect(w.audits).toEqual([expect.objectContaining({ entity: 'thread', entityId: 't1', action: 'linked', userId: 'staff-1', details: { kind: 'contact', id: 'c1', messages: 1 } })]);
  });

  it('unlinks every message, marks each with who unlinked it, and a later link clears the mark', async () => {
    const w = memoryDeps([aMessage('m1', { companyIds: ['co1'] }), aMessage('m22')]);

    const unlinked = await unlinkByHand(w.deps, rt, actor, { threadId: 't1', messageIds: ['m1', 'm22'], owner: { kind: 'company', id: 'co1' } });
    const marks = [...w.byId.values()].map((m) => m.unlinked?.['company#co1']?.byUserId);
    await linkByHand(w.deps, rt, actor, { threadId: 't1', messageIds: ['m1'], owner: { kind: 'company', id: 'co1' } });

    expect(unlinked).toBe(1);
    expect(marks).toEqual(['staff-1', 'staff-1']);
    expect(w.byId.get('m1')!.unlinked).toEqual({});
    expect(w.byId.get('m1')!.companyIds).toEqual(['co1']);
    expect(w.audits.map((a) => a.action)).toEqual(['unlinked', 'linked']);
  });
});
