import { describe, expect, it } from 'vitest';
import { countedFacets, inboxTokens, matchesInbox, ownerFacets, pickSource, queryWords, type InboxThread } from '../../../../shared/domain/inbox/inbox-thread.js';
import { openingWords } from '../../../../shared/domain/inbox/inbox-tokens.js';

const aThread = (over: Partial<InboxThread> = {}): InboxThread => ({
  id: 'a'.repeat(32), subject: 'Quote request for gears', lastMessageAt: '2026-11-02T09:15:00.000Z', messageCount: 2,
  participants: ['jane@northwind.example'], lastSnippet: 'Hello, could you send a quote', lastSender: { address: 'jane@northwind.example', name: 'Jane Doe' },
  lastDirection: 'inbound', contactIds: ['C1'], companyIds: [], unread: true, status: 'open', mailboxIds: ['M1'], version: 0, ...over,
});

describe('inbox facets', () => {
  it('lists a thread under one state facet, its assignee, its order and each mailbox', () => {
    expect(countedFacets(aThread()).sort()).toEqual(['mailbox#M1', 'state#open#unread#unassigned#linked#inbound']);
    expect(countedFacets(aThread({ assigneeId: 'u7', status: 'completed', unread: false, orderId: 'ord_1', contactIds: [], lastDirection: 'outbound' })).sort())
      .toEqual(['assignee#u7', 'mailbox#M1', 'order', 'state#completed#read#assigned#unlinked#outbound']);
  });

  it('caps the contact and company facets of a thread with many people', () => {
    const many = Array.from({ length: 50 }, (_, i) => `C${i}`);

    expect(ownerFacets(aThread({ contactIds: many, companyIds: ['K1'] }))).toHaveLength(21);
  });
});

describe('inbox search and filters', () => {
  it('indexes subject words, addresses with their domains, the sender name and distinctive snippet words', () => {
    const tokens = inboxTokens(aThread());

    expect(tokens).toEqual(['doe', 'gears', 'jane@northwind.example', 'northwind.example', 'quote', 'request', 'send']);
  });

  it('leaves out the address and domain of our own mailbox when we wrote last, keeps the sender name, and finds the thread by the customer', () => {
    const t = aThread({ lastDirection: 'outbound', lastSender: { address: 'sales@acme-supplies.example', name: 'Bob Miller' } });

    const tokens = inboxTokens(t);

    expect(tokens).toEqual(['bob', 'gears', 'jane@northwind.example', 'miller', 'northwind.example', 'quote', 'request', 'send']);
    expect(matchesInbox({ q: 'acme-supplies' }, t, 'u1')).toBe(false);
    expect(matchesInbox({ q: 'jane@northwind.example bob' }, t, 'u1')).toBe(true);
  });

  it('leaves out a token that starts another, and a search by it still finds the thread', () => {
    const t = aThread({ subject: 'Widget order', lastSnippet: 'Widgets for the order in the catalog' });

    expect(inboxTokens(t)).not.toContain('jane');
    expect(inboxTokens(t)).not.toContain('widget');
    expect(inboxTokens(t)).toContain('widgets');
    for (const q of ['jane', 'jane d', 'widget', 'widgets order', 'north', 'catalog', 'quote']) {
      expect(matchesInbox({ q }, t, 'u1'), q).toBe(q !== 'quote');
    }
  });

  it('indexes at most 12 snippet words, none of them stop words or shorter than 3 characters', () => {
    const words = Array.from({ length: 20 }, (_, i) => `word${String.fromCharCode(97 + i)}`);
    const t = aThread({ subject: 'Hi', lastSnippet: `Hello, could you please send 40 of ${words.join(' ')}` });

    const snippetTokens = inboxTokens(t).filter((k) => !['hi', 'doe', 'jane@northwind.example', 'northwind.example'].includes(k));

    expect(snippetTokens).toEqual(['send', ...words.slice(0, 11)]);
  });

  it('searches by the opening words of the first mail, so a reply changes no token but new people', () => {
    const first = { subject: 'Quote request for gears', snippet: 'Hello, could you quote 40 helical gears and bearings', participants: ['jane@northwind.example'], sender: { address: 'jane@northwind.example', name: 'Jane Doe' } };
    const opened = aThread({ openingWords: openingWords(first), lastSnippet: first.snippet });

    const replied = { ...opened, lastSnippet: 'Thanks, also add shims', messageCount: 3 };

    expect(openingWords(first)).toEqual(['helical', 'bearings']);
    expect(inboxTokens(replied)).toEqual(inboxTokens(opened));
    expect(matchesInbox({ q: 'helical' }, replied, 'u1')).toBe(true);
    expect(matchesInbox({ q: 'shims' }, replied, 'u1')).toBe(false);
  });

  it('cleans query words as indexed words are, and drops stop words when other words remain', () => {
    expect(queryWords('<jane@northwind.example>, re: gears/quote')).toEqual(['jane@northwind.example', 'gears', 'quote', 're']);
    expect(queryWords('could you send the gears')).toEqual(['gears', 'send']);
    expect(queryWords('the')).toEqual(['the']);
    expect(matchesInbox({ q: 'Re: quote for gears' }, aThread({ subject: 'Re: quote for gears' }), 'u1')).toBe(true);
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

  it('reads the cheaper of the smallest single facet and the state facets the filter allows, a named contact first', () => {
    const counts = new Map([['mailbox#M1', 40], ['order', 5000], ['state#open#unread#unassigned#linked#inbound', 30], ['state#open#unread#assigned#linked#inbound', 5], ['state#completed#read#assigned#linked#outbound', 100]]);

    expect(pickSource({ unread: true, mailboxId: 'M1', status: 'open' }, 'u1', counts)).toEqual({ states: expect.arrayContaining(['state#open#unread#assigned#linked#inbound']) });
    expect(pickSource({ unread: true, mailboxId: 'M1', status: 'open' }, 'u1', counts)).not.toEqual({ facet: 'mailbox#M1' });
    expect(pickSource({ mailboxId: 'M1', hasOrder: true }, 'u1', counts)).toEqual({ facet: 'mailbox#M1' });
    expect(pickSource({ unread: true, contactId: 'C9' }, 'u1', counts)).toEqual({ facet: 'contact#C9' });
    expect((pickSource({}, 'u1', counts) as { states: string[] }).states).toHaveLength(32);
    expect((pickSource({ status: 'open', assignee: 'none', unread: false }, 'u1', counts) as { states: string[] }).states).toHaveLength(4);
  });

  it('filters by channel: an SMS thread is sms, every other thread email', () => {
    const sms = aThread({ channel: 'sms' });

    expect([matchesInbox({ channel: 'sms' }, sms, 'u1'), matchesInbox({ channel: 'email' }, sms, 'u1')]).toEqual([true, false]);
    expect([matchesInbox({ channel: 'sms' }, aThread(), 'u1'), matchesInbox({ channel: 'email' }, aThread(), 'u1')]).toEqual([false, true]);
  });

  it('lists and counts SMS threads under their own facet, and reads it for channel=sms', () => {
    const unreadStates = (pickSource({ unread: true }, 'u1', new Map()) as { states: string[] }).states;
    const counts = new Map([['channel#sms', 3], ...unreadStates.map((s) => [s, 900] as const)]);

    expect(countedFacets(aThread({ channel: 'sms' }))).toContain('channel#sms');
    expect(countedFacets(aThread()).filter((f) => f.startsWith('channel#'))).toEqual([]);
    expect(pickSource({ channel: 'sms', unread: true }, 'u1', counts)).toEqual({ facet: 'channel#sms' });
    expect(pickSource({ channel: 'email', unread: true }, 'u1', counts)).toEqual({ states: unreadStates });
  });
});
