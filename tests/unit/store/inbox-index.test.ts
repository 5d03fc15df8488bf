import { describe, expect, it } from 'vitest';
import { planReindex } from '../../../shared/store/inbox-index.js';

const table = { table: 'mailbridge', client: undefined as never };
const SPACE = 'space-1';
const THREAD = 'a'.repeat(32);
/** A thread at rev 3 whose remaining mail speaks of gadgets; the deleted first mail spoke of zeppelins. */
const threadItem = {
  pk: `space#${SPACE}`, sk: 'thread', id: THREAD, subject: 'Order 12', lastMessageAt: '2026-11-29T10:00:00.000Z', messageCount: 1, rev: 3,
  lastSnippet: 'Please send three gadgets.', lastSender: { address: 'jane.doe@northwind.example' }, participants: new Set(['jane.doe@northwind.example']),
};
const book = (openingWords: string[]) => ({ inboxRev: 3, inboxAt: threadItem.lastMessageAt, inboxFacets: [], inboxOwners: [], inboxTokens: openingWords, openingWords });
const wordsOf = (plan: ReturnType<typeof planReindex>) => plan?.bookkeeping.ExpressionAttributeValues[':w'] as string[] | undefined;

describe('planReindex', () => {
  it('keeps the opening words of an indexed thread and writes nothing', () => {
    expect(planReindex(table, SPACE, THREAD, threadItem, book(['zeppelin', 'balloon']))).toBeUndefined();
  });

  it('takes the opening words again from the thread in the same bookkeeping write when asked, even at the indexed rev', () => {
    const plan = planReindex(table, SPACE, THREAD, threadItem, book(['zeppelin', 'balloon']), { retakeOpeningWords: true });

    expect(wordsOf(plan)).toContain('gadgets');
    expect(wordsOf(plan)).not.toContain('zeppelin');
    expect(plan?.stale.map((k) => k.sk)).toEqual(expect.arrayContaining([expect.stringContaining('zeppelin')]));
  });

  it('writes nothing when the retaken opening words are those kept already', () => {
    const kept = wordsOf(planReindex(table, SPACE, THREAD, threadItem, {}))!;

    expect(planReindex(table, SPACE, THREAD, threadItem, book(kept), { retakeOpeningWords: true })).toBeUndefined();
  });
});
