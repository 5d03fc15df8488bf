import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchesInbox, type InboxFilter, type InboxThread } from '../../../shared/domain/inbox/inbox-thread.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { readInboxCounts, toInboxThread } from '../../../shared/store/inbox-index.js';
import { createThreadStore } from '../../../shared/store/thread-store.js';
import { threadInboxKey, threadKey } from '../../../shared/store/keys.js';
import { batchGet } from '../../../shared/store/batch.js';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

const space = newSpaceId();
const SUBJECTS = ['Order for widgets', 'Invoice question', 'Quote request for gears', 'Delivery delayed', 'Price list 2027'];
const PEOPLE = ['jane@northwind.example', 'sam@contoso.example', 'lee@fabrikam.example'];
const MAILBOXES = [ulid(), ulid()];
const CONTACTS = [ulid(), ulid()];
const COMPANY = ulid();
let api: Api;
let threads: InboxThread[];

const hex = (i: number) => i.toString(16).padStart(32, '0');
const at = (i: number) => new Date(Date.parse('2026-10-01T00:00:00Z') + i * 3_600_000).toISOString();

async function seed(): Promise<void> {
  const store = createThreadStore(defaultTable());
  for (let i = 0; i < 40; i++) {
    const person = PEOPLE[i % 3] as string;
    const linked = i % 4 !== 0;
    const base = {
      subject: `${SUBJECTS[i % 5]} #${i}`, participants: [person], sender: { address: person, name: person.split('@')[0] as string },
      contactIds: linked ? [CONTACTS[i % 2] as string] : [], companyIds: linked && i % 3 === 0 ? [COMPANY] : [], mailboxId: MAILBOXES[i % 2] as string,
      // Every seventh thread is an SMS conversation (its first message sets the channel).
      ...(i % 7 === 3 ? { channel: 'sms' as const } : {}),
    };
    await store.addToThread(space, hex(i), { ...base, messageId: hex(1000 + i), date: at(i), snippet: `Hello, about item ${i} of the catalog`, direction: 'inbound' });
    // Every third thread has our answer as its latest message; every fifth became an order.
    if (i % 3 === 0) await store.addToThread(space, hex(i), { ...base, messageId: hex(2000 + i), date: at(i + 0.5), snippet: 'Thanks, we will ship Monday', direction: 'outbound', sender: { address: 'sales@acme.example' } });
    if (i % 5 === 0) await store.setThreadOrder(space, hex(i), `ord_${hex(i)}`);
  }
  // With its bookkeeping item: the opening words search finds a thread by are kept there.
  const read = await batchGet(defaultTable(), Array.from({ length: 40 }, (_, i) => [threadKey(space, hex(i)), threadInboxKey(space, hex(i))]).flat());
  threads = Array.from({ length: 40 }, (_, i) => toInboxThread(read[2 * i]!, read[2 * i + 1]));
}

async function listAll(query: Record<string, string>): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: '7', ...(cursor ? { cursor } : {}) });
    const { status, body } = await api.get(`/inbox?${params}`);
    expect(status).toBe(200);
    found.push(...body.items.map((t: { id: string }) => t.id));
    cursor = body.nextCursor;
  } while (cursor);
  return found;
}

const newestFirst = (filter: InboxFilter) =>
  threads.filter((t) => matchesInbox(filter, t, 'nobody')).sort((a, b) => (a.lastMessageAt < b.lastMessageAt ? 1 : -1)).map((t) => t.id);

describe('the inbox across mailboxes', () => {
  beforeAll(async () => {
    useLocalStackEnv();
    api = apiAs(space, 'staff', 'staff-1');
    await seed();
  }, 120_000);

  it.each<[string, Record<string, string>, InboxFilter]>([
    ['no filter', {}, {}],
    ['unread', { unread: 'true' }, { unread: true }],
    ['a mailbox', { mailboxId: MAILBOXES[1] as string }, { mailboxId: MAILBOXES[1] as string }],
    ['a contact and the customer waiting', { contactId: CONTACTS[0] as string, direction: 'inbound' }, { contactId: CONTACTS[0] as string, direction: 'inbound' }],
    ['a company', { companyId: COMPANY }, { companyId: COMPANY }],
    ['has an order and we answered last', { hasOrder: 'true', direction: 'outbound' }, { hasOrder: true, direction: 'outbound' }],
    ['unlinked', { unlinked: 'true' }, { unlinked: true }],
    ['without an order', { hasOrder: 'false' }, { hasOrder: false }],
    ['a date range', { from: at(10), to: at(20) }, { from: at(10), to: at(20) }],
    ['SMS conversations', { channel: 'sms' }, { channel: 'sms' }],
    ['mail threads we answered last', { channel: 'email', direction: 'outbound' }, { channel: 'email', direction: 'outbound' }],
    ['open and unassigned in one mailbox', { status: 'open', assignee: 'none', mailboxId: MAILBOXES[0] as string }, { status: 'open', assignee: 'none', mailboxId: MAILBOXES[0] as string }],
  ])('lists %s newest first across pages, exactly the matching threads', async (_name, query, filter) => {
    const found = await listAll(query);

    expect(found).toEqual(newestFirst(filter));
    expect(found.length).toBeGreaterThan(0);
  });

  it.each<[string, InboxFilter]>([
    ['gears', { q: 'gears' }],
    ['quote req', { q: 'quote req' }],
    ['northwind.example', { q: 'northwind.example' }],
    ['sam', { q: 'sam' }],
    ['catalog', { q: 'catalog', mailboxId: MAILBOXES[0] as string }],
    ['catalog item', { q: 'catalog item', hasOrder: true }],
  ])('finds "%s" in subject, participants or the first mail\'s snippet, each thread once', async (_q, filter) => {
    const query = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)]));

    const found = await listAll(query);

    expect([...found].sort()).toEqual(newestFirst(filter).sort());
    expect(found).toHaveLength(new Set(found).size);
    expect(found.length).toBeGreaterThan(0);
  });

  it('does not find a thread by the words of a later reply, only by those of its first mail', async () => {
    const replied = threads.filter((t) => t.lastSnippet === 'Thanks, we will ship Monday');

    expect(replied.length).toBeGreaterThan(0);
    expect(await listAll({ q: 'ship monday' })).toEqual([]);
    expect(await listAll({ q: 'catalog' })).toEqual(expect.arrayContaining(replied.map((t) => t.id)));
  });

  it('shows each thread\'s channel on its inbox line', async () => {
    const items = (await api.get('/inbox?limit=100')).body.items as { id: string; channel: string }[];

    expect(items.filter((t) => t.channel === 'sms').map((t) => t.id).sort()).toEqual(newestFirst({ channel: 'sms' }).sort());
    expect(items.filter((t) => t.channel === 'email')).toHaveLength(40 - newestFirst({ channel: 'sms' }).length);
  });

  it('keeps the counts per filter equal to the threads listed under each', async () => {
    const { status, body } = await api.get('/inbox/counts');
    const count = (f: InboxFilter) => threads.filter((t) => matchesInbox(f, t, 'staff-1')).length;

    expect(status).toBe(200);
    expect(body).toEqual({
      all: 40, unread: count({ unread: true }), open: count({ status: 'open' }), completed: 0, unassigned: 40, mine: 0,
      withOrder: count({ hasOrder: true }), unlinked: count({ unlinked: true }), inbound: count({ direction: 'inbound' }), outbound: count({ direction: 'outbound' }),
      sms: count({ channel: 'sms' }), email: count({ channel: 'email' }),
      mailboxes: expect.arrayContaining(MAILBOXES.map((m) => ({ mailboxId: m, count: 20 }))), assignees: [],
    });
  });

  it('counts a thread once when 20 linkers add the same and new mail to it at once', async () => {
    const spaceId = newSpaceId();
    const store = createThreadStore(defaultTable());
    const mail = (n: number, direction: 'inbound' | 'outbound') => ({
      messageId: hex(5000 + n), subject: 'Busy thread', date: at(n), snippet: `message ${n}`, sender: { address: 'jane@northwind.example' },
      direction, participants: ['jane@northwind.example'], contactIds: n % 2 ? [CONTACTS[0] as string] : [], companyIds: [], mailboxId: MAILBOXES[0] as string,
    });

    await Promise.all(Array.from({ length: 20 }, (_, n) => store.addToThread(spaceId, hex(77), mail(n % 10, n % 3 ? 'inbound' : 'outbound'))));
    const counts = await readInboxCounts(defaultTable(), spaceId);
    const thread = toInboxThread((await batchGet(defaultTable(), [threadKey(spaceId, hex(77))]))[0]!);

    expect(thread.messageCount).toBe(10);
    expect(Object.fromEntries([...counts].filter(([, n]) => n !== 0))).toEqual({
      all: 1, open: 1, unread: 1, unassigned: 1, [`mailbox#${MAILBOXES[0]}`]: 1, [`last#${thread.lastDirection}`]: 1,
    });
  });
});
