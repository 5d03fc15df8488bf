import { describe, expect, it } from 'vitest';
import { countedFacets, inboxTokens, matchesInbox, ownerFacets, pickFacet, queryWords, type InboxThread } from '../../../../shared/domain/inbox/inbox-thread.js';

const aThread = (over: Partial<InboxThread> = {}): InboxThread => ({
  id: 'a'.repeat(32), subject: 'Quote request for gears', lastMessageAt: '2026-11-02T09:15:00.000Z', messageCount: 2,
  participants: ['jane@northwind.example'], lastSnippet: 'Hello, could you send a quote', lastSender: { address: 'jane@northwind.example', name: 'Jane Doe' },
  lastDirection: 'inbound', contactIds: ['C1'], companyIds: [], unread: true, status: 'open', mailboxIds: ['M1'], version: 0, ...over,
});

describe('inbox facets', () => {
  it('lists a thread under all, its status, read state, owner, mailbox and last direction', () => {
    expect(countedFacets(aThread()).sort()).toEqual(['all', 'last#inbound', 'mailbox#M1', 'open', 'unassigned', 'unread']);
    expect(countedFacets(aThread({ assigneeId: 'u7', status: 'completed', unread: false, orderId: 'ord_1', contactIds: [] })).sort())
      .toEqual(['all', 'assignee#u7', 'completed', 'last#inbound', 'mailbox#M1', 'order', 'unlinked']);
  });

  it('caps the contact and company facets of a thread with many people', () => {
    const many = Array.from({ length: 50 }, (_, i) => `C${i}`);

    expect(ownerFacets(aThread({ contactIds: many, companyIds: ['K1'] }))).toHaveLength(21);
  });
});

describe('inbox search and filters', () => {
  it('indexes subject words, addresses with their parts, the sender name and snippet words', () => {
    const tokens = inboxTokens(aThread());

    expect(tokens).toEqual(expect.arrayContaining(['quote request for gears', 'gears', 'jane@northwind.example', 'jane', 'northwind.example', 'jane doe', 'doe', 'could']));
  });

  it('matches when every query word starts some token, and reads the longest word from the index', () => {
    expect(queryWords('Quote  GEAR q')).toEqual(['quote', 'gear', 'q']);
    expect(matchesInbox({ q: 'gear north' }, aThread(), 'u1')).toBe(true);
    expect(matchesInbox({ q: 'gear south' }, aThread(), 'u1')).toBe(false);
  });

  it('resolves assignee "me" to the caller and "none" to unassigned', () => {
    const mine = aThread({ assigneeId: 'u1' });

    expect(matchesInbox({ assignee: 'me' }, mine, 'u1')).toBe(true);
    expect(matchesInbox({ assignee: 'me' }, mine, 'u2')).toBe(false);
    expect(matchesInbox({ assignee: 'none' }, mine, 'u1')).toBe(false);
    expect(matchesInbox({ assignee: 'none' }, aThread(), 'u1')).toBe(true);
  });

  it('keeps a date range inclusive at both ends', () => {
    const t = aThread();

    expect(matchesInbox({ from: t.lastMessageAt, to: t.lastMessageAt }, t, 'u1')).toBe(true);
    expect(matchesInbox({ from: '2026-11-03T00:00:00.000Z' }, t, 'u1')).toBe(false);
  });

  it('reads the smallest counted facet the filter implies, a named contact first', () => {
    const counts = new Map([['unread', 900], ['mailbox#M1', 40], ['open', 5000]]);

    expect(pickFacet({ unread: true, mailboxId: 'M1', status: 'open' }, 'u1', counts)).toBe('mailbox#M1');
    expect(pickFacet({ unread: true, contactId: 'C9' }, 'u1', counts)).toBe('contact#C9');
    expect(pickFacet({}, 'u1', counts)).toBe('all');
  });
});
