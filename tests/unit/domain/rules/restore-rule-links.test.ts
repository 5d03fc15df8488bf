import { describe, expect, it } from 'vitest';
import type { RuleDecision } from '../../../../shared/domain/rules/evaluate-mail-rules.js';
import { judgeThread } from '../../../../shared/domain/rules/judge-thread.js';
import { ownersOf, restoreRuleLinks, type RestoreRuleLinksDeps } from '../../../../shared/domain/rules/restore-rule-links.js';
import type { LinkChange, MessageRecord } from '../../../../shared/domain/threads/ports.js';

const aMessage = (over: Partial<MessageRecord> = {}) => ({
  spaceId: 's1', id: 'm1', threadId: 't1', subject: 'Order', date: '2026-11-20T10:00:00Z', from: { address: 'jane@northwind.example' }, snippet: '',
  direction: 'inbound', contactIds: [], companyIds: [], participants: ['jane@northwind.example'], ...over,
}) as unknown as MessageRecord;
const decision = (over: Partial<RuleDecision> = {}): RuleDecision => ({ keep: 'all', link: true, reasons: [], regexTimeouts: [], ...over });
const matched = { contactIds: ['jane'], companyIds: ['northwind'], kinds: new Map([['contact#jane', 'exact_address' as const], ['company#northwind', 'company_domain' as const]]) };

/** A message store whose link writes are compare-and-set on linkRev, as message-links.ts does on DynamoDB. */
function memory(m: MessageRecord, raceOnce = false) {
  let stored = m;
  let race = raceOnce;
  const indexed: string[] = [];
  const writes: LinkChange[] = [];
  const deps: RestoreRuleLinksDeps = {
    messages: { findMessage: async () => stored },
    links: {
      async writeLinks(_s, read, change) {
        if (race) {
          race = false;
          stored = { ...stored, linkRev: (stored.linkRev ?? 0) + 1, unlinked: { 'company#northwind': { byUserId: 'staff-1', at: 'x' } } };
        }
        if ((read.linkRev ?? 0) !== (stored.linkRev ?? 0)) return false;
        writes.push(change);
        const { unlinkedByRule: _u, ...rest } = stored;
        stored = { ...rest, ...change.state, linkRev: (stored.linkRev ?? 0) + 1, ...(typeof change.unlinkedByRule === 'string' ? { unlinkedByRule: change.unlinkedByRule } : {}) };
        return true;
      },
    },
    addressIndex: { putAddressMessages: async (_s, addresses) => { indexed.push(...addresses); } },
    directory: { touchContactActivity: async () => undefined },
  };
  return { deps, indexed, writes, stored: () => stored };
}

describe('restoreRuleLinks', () => {
  it('links mail a no_link rule kept unlinked to the owners it matches now, with fresh provenance, beside a link made by hand, and clears the marker', async () => {
    const w = memory(aMessage({
      unlinkedByRule: 'exclusion:northwind', contactIds: ['ops'], linkProvenance: { 'contact#ops': { kind: 'manual', byUserId: 'staff-1', at: 'x' } },
    }));

    const restored = await restoreRuleLinks(w.deps, 's1', 'm1', ownersOf(matched, '2026-11-29T12:00:00Z'));

    expect(restored).toBe(true);
    expect(w.stored()).toMatchObject({
      contactIds: ['ops', 'jane'], companyIds: ['northwind'],
      linkProvenance: {
        'contact#ops': { kind: 'manual' }, 'contact#jane': { kind: 'exact_address', at: '2026-11-29T12:00:00Z' }, 'company#northwind': { kind: 'company_domain' },
      },
    });
    expect(w.stored().unlinkedByRule).toBeUndefined();
    expect(w.writes.map((c) => [c.put.map((o) => o.id), c.linkThread, c.unlinkedByRule])).toEqual([[['jane', 'northwind'], true, null]]);
    expect(w.indexed).toEqual(['jane@northwind.example']);
  });

  it('leaves mail without the marker alone: mail that matched nobody is relinked by its address, not by the job', async () => {
    const w = memory(aMessage());

    expect(await restoreRuleLinks(w.deps, 's1', 'm1', ownersOf(matched, 'now'))).toBe(false);
    expect([w.writes, w.indexed]).toEqual([[], []]);
  });

  it('reads again when the links changed under it, and never links an owner staff unlinked meanwhile', async () => {
    const w = memory(aMessage({ unlinkedByRule: 'exclusion:northwind' }), true);

    await restoreRuleLinks(w.deps, 's1', 'm1', ownersOf(matched, 'now'));

    expect([w.stored().contactIds, w.stored().companyIds, w.stored().linkRev]).toEqual([['jane'], [], 2]);
  });
});

describe('judgeThread after rules were removed', () => {
  it('relinks only marked mail the rules now link, lifts or changes rule privacy, and keeps whole mail as headers once', () => {
    const marked = aMessage({ id: 'a', unlinkedByRule: 'exclusion:x' });
    const plain = aMessage({ id: 'b' });
    const privateOne = aMessage({ id: 'c', privacy: 'metadata' });
    const headers = aMessage({ id: 'd', kept: 'headers' });
    const whole = aMessage({ id: 'e' });

    const verdict = judgeThread({}, 5, [
      { message: marked, decision: decision() },
      { message: plain, decision: decision() },
      { message: privateOne, decision: decision({ privacy: 'subject' }) },
      { message: headers, decision: decision({ keep: 'headers' }) },
      { message: whole, decision: decision({ keep: 'headers', reasons: ['import-policy:only_linkable'] }) },
    ]);

    expect(verdict.relink.map((m) => m.id)).toEqual(['a']);
    expect(verdict.privacy.map((p) => [p.message.id, p.level])).toEqual([['c', 'subject']]);
    expect(verdict.headersOnly.map((j) => j.message.id)).toEqual(['e']);
    expect(verdict.unlink).toEqual([]);
  });

  it('records the no_link rule on unlinked mail that has no record of it, once', () => {
    const first = judgeThread({}, 2, [
      { message: aMessage({ id: 'a' }), decision: decision({ link: false, unlinkedBy: 'exclusion:x' }) },
      { message: aMessage({ id: 'b', unlinkedByRule: 'exclusion:x' }), decision: decision({ link: false, unlinkedBy: 'exclusion:x' }) },
    ]);

    expect(first.unlink.map((u) => [u.message.id, u.rule])).toEqual([['a', 'exclusion:x']]);
  });
});
