import { randomBytes, randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../shared/domain/threads/ports.js';
import { createActivityStore } from '../../../shared/store/activity-store.js';
import { createAuditStore } from '../../../shared/store/audit-store.js';
import { listContacts } from '../../../shared/store/contact-list.js';
import { InvalidCursorError } from '../../../shared/store/cursor.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { auditPartition, threadKey, threadsIndex } from '../../../shared/store/keys.js';
import { createMessageStore } from '../../../shared/store/message-store.js';
import { createThreadStore } from '../../../shared/store/thread-store.js';
import { apiAs, newSpaceId, type Api, type ApiReply } from '../../support/api-client.js';
import { aCompanyBody, aContactBody, aProductBody } from '../../support/builders.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { seedContacts, writeSeed } from '../../support/seed-contacts.js';
import { confirmBody, seedSpace } from '../orders/order-fixtures.js';

/** One more inbound mail on its own thread in the Space, from the seeded customer. */
async function addMail(spaceId: string, customer: string, at: string): Promise<string> {
  const t = defaultTable();
  const messageId = randomBytes(16).toString('hex');
  const threadId = randomBytes(16).toString('hex');
  const record: MessageRecord = {
    spaceId, id: messageId, messageId: `<${messageId}@customer.example>`, threadId, mailboxId: 'mbx-1', direction: 'inbound',
    from: { address: customer, name: 'Buyer' }, to: [{ address: 'sales@shop.example' }], cc: [], replyTo: [],
    subject: 'Second order', date: at, snippet: 'more', text: 'Hi, bill me for 2 Large Black Widgets please.',
    hasHtml: false, attachments: [], parseStatus: 'parsed', contactIds: [], companyIds: [], rawKey: `raw/${messageId}`,
    folderRole: 'inbox', createdAt: at, parsedKey: `parsed/${messageId}`, contentSha256: randomUUID(), participants: [customer],
  };
  await t.client.send(new PutCommand({ TableName: t.table, Item: {
    ...threadKey(spaceId, threadId), ...threadsIndex(spaceId, at, threadId), entity: 'thread', v: 1, id: threadId, subject: record.subject,
    lastMessageAt: at, messageCount: 1, messageIds: new Set([messageId]), participants: new Set([customer]), lastSnippet: record.snippet,
  } }));
  await createMessageStore(t).createMessage(record);
  return messageId;
}

/** Two timeline entries for each owner, so every activity list has a second page; each names a thread that exists, as timeline reads show only mail of visible threads. */
async function addActivity(spaceId: string, owners: { kind: 'contact' | 'company'; id: string }[]): Promise<void> {
  const t = defaultTable();
  const activities = createActivityStore(t);
  for (const day of ['2026-01-01', '2026-01-02']) {
    const [messageId, threadId, date] = [randomBytes(16).toString('hex'), randomBytes(16).toString('hex'), `${day}T10:00:00.000Z`];
    await t.client.send(new PutCommand({ TableName: t.table, Item: {
      ...threadKey(spaceId, threadId), ...threadsIndex(spaceId, date, threadId), entity: 'thread', v: 1, id: threadId, subject: 'Hello',
      lastMessageAt: date, messageCount: 1, messageIds: new Set([messageId]), participants: new Set(['buyer@customer.example']), lastSnippet: 'hi',
    } }));
    await activities.putActivities(spaceId, owners, {
      messageId, threadId, subject: 'Hello', date, sender: { address: 'buyer@customer.example' }, snippet: 'hi', direction: 'inbound',
    });
  }
}

const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;
const statusOf = (r: ApiReply) => `${r.status}${r.status === 400 ? ` ${String(r.body?.type).split('/').pop()}` : ''}`;

describe('page cursors are bound to their list, sort and filters', () => {
  let api: Api;
  /** Every list route that pages with a cursor, each with a cursor minted on its first page of one. */
  const lists: { name: string; path: string; cursor: string; first: unknown }[] = [];
  /** The same routes with another sort, filter or owner: a cursor from `name` must not work there. */
  let variants: Record<string, string[]>;

  beforeAll(async () => {
    useLocalStackEnv();
    const seed = await seedSpace();
    api = apiAs(seed.spaceId);
    const created = async (path: string, body: unknown) => {
      const reply = await api.post(path, body);
      expect(reply.status, `${path} ${JSON.stringify(reply.body)}`).toBe(201);
      return reply.body as { id: string; version: number };
    };
    const [c1, c2] = [await created('/contacts', aContactBody({ name: 'Perdita One' })), await created('/contacts', aContactBody({ name: 'Perdita Two' }))];
    const [co1, co2] = [await created('/companies', aCompanyBody({ name: 'Acme One' })), await created('/companies', aCompanyBody({ name: 'Acme Two' }))];
    await created('/products', aProductBody({ name: 'Widget One' }));
    await created('/products', aProductBody({ name: 'Widget Two' }));
    const patched = await api.patch(`/contacts/${c1.id}`, { notes: 'second audit row' }, { headers: { 'if-match': `"${c1.version}"` } });
    expect(patched.status).toBe(200);
    const secondMessage = await addMail(seed.spaceId, seed.customer, new Date(Date.now() - 60_000).toISOString());
    await created('/orders', confirmBody(seed));
    await created('/orders', confirmBody({ messageId: secondMessage, customer: seed.customer }));
    await addActivity(seed.spaceId, [{ kind: 'contact', id: c1.id }, { kind: 'company', id: co1.id }]);

    const paths: Record<string, string> = {
      contacts: '/contacts', companies: '/companies', products: '/products', threads: '/threads',
      contactActivity: `/contacts/${c1.id}/activity`, companyActivity: `/companies/${co1.id}/activity`,
      orders: '/orders', audit: `/audit?entity=contact:${c1.id}`,
    };
    for (const [name, path] of Object.entries(paths)) {
      const page = await api.get(withQuery(path, 'limit=1'));
      expect(page.status, `${name}: ${JSON.stringify(page.body)}`).toBe(200);
      expect(page.body.nextCursor, `${name} has a second page`).toEqual(expect.any(String));
      lists.push({ name, path, cursor: page.body.nextCursor, first: page.body.items[0] });
    }
    variants = {
      contacts: ['/contacts?sort=createdAt', '/contacts?sort=lastActivityAt', '/contacts?q=perdita', '/contacts?status=archived',
        '/contacts?tag=vip', `/contacts?companyId=${co1.id}`, '/contacts?dormantDays=30', '/contacts?createdSince=this-month'],
      companies: ['/companies?q=acme', '/companies?status=archived'],
      products: ['/products?active=true'],
      contactActivity: [`/contacts/${c2.id}/activity`],
      companyActivity: [`/companies/${co2.id}/activity`],
      orders: ['/orders?status=awaiting_payment'],
      audit: [`/audit?entity=contact:${c2.id}`, `/audit?entity=company:${co1.id}`],
    };
  }, 120_000);

  const replay = (path: string, cursor: string) => api.get(withQuery(path, `limit=1&cursor=${encodeURIComponent(cursor)}`));

  it('continues each list on its second page with its own cursor', async () => {
    for (const list of lists) {
      const next = await replay(list.path, list.cursor);

      expect(next.status, `${list.name}: ${JSON.stringify(next.body)}`).toBe(200);
      expect(next.body.items, list.name).toHaveLength(1);
      expect(next.body.items[0], list.name).not.toEqual(list.first);
    }
  });

  it('answers every cursor replayed on another list with 400 invalid-cursor, never 500 (56 probes)', async () => {
    const outcomes: { from: string; to: string; status: string }[] = [];

    for (const from of lists) {
      for (const to of lists.filter((l) => l !== from)) {
        outcomes.push({ from: from.name, to: to.name, status: statusOf(await replay(to.path, from.cursor)) });
      }
    }

    const tally = (s: string) => outcomes.filter((o) => o.status === s).length;
    console.log(`cursor replay on another list: ${outcomes.length} probes, ${outcomes.filter((o) => o.status.startsWith('5')).length} × 5xx, `
      + `${tally('400 invalid-cursor')} × 400 invalid-cursor, ${tally('200')} × 200`);
    expect(outcomes).toHaveLength(56);
    expect(outcomes.filter((o) => o.status !== '400 invalid-cursor')).toEqual([]);
  });

  it('answers a cursor replayed with another sort, filter, owner or record with 400 invalid-cursor', async () => {
    const outcomes: { from: string; to: string; status: string }[] = [];

    for (const list of lists) {
      for (const path of variants[list.name] ?? []) outcomes.push({ from: list.name, to: path, status: statusOf(await replay(path, list.cursor)) });
    }

    console.log(`cursor replay with other filters: ${outcomes.length} probes, ${outcomes.filter((o) => o.status.startsWith('5')).length} × 5xx, `
      + `${outcomes.filter((o) => o.status === '400 invalid-cursor').length} × 400 invalid-cursor`);
    expect(outcomes.length).toBeGreaterThanOrEqual(16);
    expect(outcomes.filter((o) => o.status !== '400 invalid-cursor')).toEqual([]);
  });

  it('answers junk, truncated, re-assembled and oversized cursors with 400 invalid-cursor', async () => {
    const own = lists[0]!.cursor;
    const [payload = '', mac = ''] = own.split('.');
    const other = lists[1]!.cursor.split('.');
    const junk = ['not-a-cursor', '.', `${payload}.`, `.${mac}`, `${payload}.${mac}.extra`, `${payload}.${other[1]}`, `${other[0]}.${mac}`,
      `${Buffer.from('{"k":{"pk":1}}').toString('base64url')}.${mac}`, `${own}${'A'.repeat(2100)}`, own.slice(0, -2)];

    const statuses = await Promise.all(junk.map(async (c) => statusOf(await replay('/contacts', c))));

    expect(statuses).toEqual(junk.map(() => '400 invalid-cursor'));
  });
});

describe('list stores handed a start key that does not fit their query', () => {
  it('refuse a key without the index attributes, from another partition or outside the key condition as an invalid cursor', async () => {
    useLocalStackEnv();
    const t = defaultTable();
    const spaceId = newSpaceId();
    await writeSeed(t, seedContacts(spaceId, 5));
    const firstPage = await listContacts(t, spaceId, { sort: 'createdAt', createdSince: '2026-01-01T00:00:00.000Z', limit: 2 });
    const tableKeyOnly = { pk: `space#${spaceId}#thread#x`, sk: 'thread' };
    const otherRecord = { pk: auditPartition(spaceId, 'contact', 'other'), sk: '2026-01-01T00:00:00.000Z#01' };

    const outcomes = await Promise.all([
      createThreadStore(t).listThreads(spaceId, 1, tableKeyOnly),
      createAuditStore(t).listAudit(spaceId, 'contact', 'mine', 1, otherRecord),
      // "this-month" moved past the start key between two pages: the key is outside the new range.
      listContacts(t, spaceId, { sort: 'createdAt', createdSince: '2026-01-01T00:03:30.000Z', limit: 2, startKey: firstPage.lastKey! }),
    ].map((p) => p.then(() => 'answered', (err: unknown) => err)));

    expect(firstPage.lastKey).toBeDefined();
    for (const outcome of outcomes) expect(outcome).toBeInstanceOf(InvalidCursorError);
  });
});
