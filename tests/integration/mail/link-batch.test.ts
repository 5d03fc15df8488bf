import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMime } from '../../../shared/adapters/mime/mailparser-mime.js';
import { parseMessage } from '../../../shared/domain/threads/parse-message.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readInboxCounts } from '../../../shared/store/inbox-index.js';
import { listInbox } from '../../../shared/store/inbox-list.js';
import { contactActivityPartition } from '../../../shared/store/keys.js';
import { linkBatch } from '../../../shared/deps/link-batch.js';
import { coalescingTable } from '../../../shared/store/coalescing-table.js';
import { visibilityTimeoutFor } from '../../../shared/config/names.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const user = { user: 'lb0', password: 'pw-0' };

beforeAll(async () => { dovecot = await startDovecot({ users: [user] }); });
afterAll(async () => { await dovecot?.stop(); });

const dated = (subject: string, day: number) =>
  aMail({ subject }).replace(/^Date: .*$/m, `Date: ${new Date(Date.UTC(2026, 9, day, 9)).toUTCString()}`);

describe('linking a batch (real Dovecot, DynamoDB Local, s3rver)', () => {
  it('links every mail of a batch and moves the contact to its latest mail, listed once', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const jane = await h.addContact('Jane Doe', ['jane.doe@northwind.example']);
    await dovecot.appendMessages(user.user, 'INBOX', [dated('Second', 12), dated('Latest', 20), dated('First', 3)]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    for (const job of h.parseQueue.sent.splice(0)) await parseMessage({ blobs: h.rt.blobs, parse: parseMime, linkQueue: h.linkQueue, problems: h.rt.problems, now: () => new Date() }, job);

    const outcomes = await linkBatch(h.rt, h.linkQueue.sent.splice(0));

    expect(outcomes).toEqual([undefined, undefined, undefined]);
    expect((await messageItems(h.rt, spaceId)).map((m) => m.subject).sort()).toEqual(['First', 'Latest', 'Second']);
    const latest = new Date(Date.UTC(2026, 9, 20, 9)).toISOString();
    expect((await h.rt.table.client.send(new QueryCommand({
      TableName: h.rt.table.table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': contactActivityPartition(spaceId) },
    }))).Items?.map((i) => i.sk)).toEqual([`${latest}#${jane}`]);
  });

  it('lists every thread of a batch in the inbox and counts each once', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages(user.user, 'INBOX', [dated('Gears A', 4), dated('Gears B', 5), dated('Gears C', 6)]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    for (const job of h.parseQueue.sent.splice(0)) await parseMessage({ blobs: h.rt.blobs, parse: parseMime, linkQueue: h.linkQueue, problems: h.rt.problems, now: () => new Date() }, job);

    const outcomes = await linkBatch(h.rt, h.linkQueue.sent.splice(0).filter((j) => j.kind === 'link' && /Gears/.test(j.parsed?.mail.subject ?? '')));

    expect(outcomes).toEqual([undefined, undefined, undefined]);
    const page = await listInbox(h.rt.table, spaceId, { userId: 'u1', role: 'admin', limit: 10 });
    expect(page.items.map((t) => t.subject)).toEqual(['Gears C', 'Gears B', 'Gears A']);
    expect((await readInboxCounts(h.rt.table, spaceId)).get('all')).toBe(3);
  });

  it('reports the batch failed when its inbox index cannot be written, and its redelivery finishes the index', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages(user.user, 'INBOX', [dated('Crate A', 7), dated('Crate B', 8)]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    for (const job of h.parseQueue.sent.splice(0)) await parseMessage({ blobs: h.rt.blobs, parse: parseMime, linkQueue: h.linkQueue, problems: h.rt.problems, now: () => new Date() }, job);
    const jobs = h.linkQueue.sent.splice(0).filter((j) => j.kind === 'link' && /Crate/.test(j.parsed?.mail.subject ?? ''));
    let failCounts = true;
    const send = h.rt.table.client.send.bind(h.rt.table.client) as (c: unknown) => Promise<unknown>;
    const client = new Proxy(h.rt.table.client, { get: (target, prop, receiver) => (prop !== 'send' ? Reflect.get(target, prop, receiver)
      : async (c: { constructor: { name: string }; input: unknown }) => {
        if (failCounts && c.constructor.name === 'TransactWriteCommand' && JSON.stringify(c.input).includes('inbox-counts')) throw new Error('injected: counts unavailable');
        return send(c);
      }) }) as DynamoDBDocumentClient;

    const first = await linkBatch({ ...h.rt, table: { ...h.rt.table, client } }, jobs);
    failCounts = false;
    const again = await linkBatch(h.rt, jobs);

    expect(first.every((o) => o !== undefined)).toBe(true);
    expect(again).toEqual([undefined, undefined]);
    const page = await listInbox(h.rt.table, spaceId, { userId: 'u1', role: 'admin', limit: 10 });
    expect(page.items.map((t) => t.subject)).toEqual(['Crate B', 'Crate A']);
    expect((await readInboxCounts(h.rt.table, spaceId)).get('all')).toBe(2);
  });

  it('reads the Space\'s mail rules and staff once for a whole batch', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages(user.user, 'INBOX', [dated('Bolt A', 9), dated('Bolt B', 10), dated('Bolt C', 11)]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    for (const job of h.parseQueue.sent.splice(0)) await parseMessage({ blobs: h.rt.blobs, parse: parseMime, linkQueue: h.linkQueue, problems: h.rt.problems, now: () => new Date() }, job);
    const jobs = h.linkQueue.sent.splice(0).filter((j) => j.kind === 'link' && /Bolt/.test(j.parsed?.mail.subject ?? ''));
    const reads = { rules: 0, staff: 0 };
    const countReads = <T extends object>(store: T): T => new Proxy(store, { get: (target, prop, receiver) => {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'getMailRules' && prop !== 'staffByEmail') return value;
      return (...args: unknown[]) => { reads[prop === 'getMailRules' ? 'rules' : 'staff']++; return (value as (...a: unknown[]) => unknown).apply(target, args); };
    } });

    const outcomes = await linkBatch({ ...h.rt, rules: countReads(h.rt.rules), staff: countReads(h.rt.staff) }, jobs);

    expect(outcomes).toEqual([undefined, undefined, undefined]);
    expect(reads).toEqual({ rules: 1, staff: 1 });
  });
  it('links a parent and two replies of one batch into one thread, reads every first item ahead, and a redelivery adds nothing', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const root = `root-${spaceId}`;
    await dovecot.appendMessages(user.user, 'INBOX', [
      aMail({ id: root, subject: 'Valve order' }),
      aMail({ subject: 'Re: Valve order', inReplyTo: `${root}@northwind.example`, body: 'First reply.' }),
      aMail({ subject: 'Re: Valve order', inReplyTo: `${root}@northwind.example`, body: 'Second reply.' }),
      aMail({ subject: 'Valve spare parts' }),
    ]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    for (const job of h.parseQueue.sent.splice(0)) await parseMessage({ blobs: h.rt.blobs, parse: parseMime, linkQueue: h.linkQueue, problems: h.rt.problems, now: () => new Date() }, job);
    const jobs = h.linkQueue.sent.splice(0).filter((j) => j.kind === 'link' && /Valve/.test(j.parsed?.mail.subject ?? ''));
    const calls: Record<string, number> = {};
    const send = h.rt.table.client.send.bind(h.rt.table.client) as (c: unknown) => Promise<unknown>;
    const client = new Proxy(h.rt.table.client, { get: (target, prop, receiver) => (prop !== 'send' ? Reflect.get(target, prop, receiver)
      : (c: { constructor: { name: string }; input: { Key?: { pk: string; sk: string } } }) => { const n = c.constructor.name + (c.input.Key ? `:${c.input.Key.sk}` : ''); calls[n] = (calls[n] ?? 0) + 1; return send(c); }) }) as DynamoDBDocumentClient;

    const first = await linkBatch({ ...h.rt, table: { ...h.rt.table, client } }, jobs);
    const again = await linkBatch(h.rt, jobs);

    console.log(`4 mails, one batch: ${JSON.stringify(calls)}`);
    expect(first).toEqual([undefined, undefined, undefined, undefined]);
    expect(again).toEqual([undefined, undefined, undefined, undefined]);
    const messages = await messageItems(h.rt, spaceId);
    expect(messages).toHaveLength(4);
    const valve = messages.filter((m) => /Valve order/.test(String(m.subject)));
    expect(new Set(valve.map((m) => m.threadId)).size).toBe(1);
    const thread = await h.rt.threads.getThread(spaceId, String(valve[0]!.threadId));
    expect(thread?.messageCount).toBe(3);
    expect(await h.rt.messages.listThreadMessages(spaceId, String(valve[0]!.threadId))).toHaveLength(3);
    expect((await readInboxCounts(h.rt.table, spaceId)).get('all')).toBe(2);
    // Each mail's identity came with the batch's read-ahead; thread reads left are the three mails of one thread racing.
    expect(calls['GetCommand:message'] ?? 0).toBe(0);
  });
  it('writes the members and address items of a whole batch in shared full calls, then every message item in one last call, and a failed call leaves its mails unlinked until the redelivery', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages(user.user, 'INBOX', Array.from({ length: 12 }, (_, i) => dated(`Flange ${i}`, 1 + i)));
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    for (const job of h.parseQueue.sent.splice(0)) await parseMessage({ blobs: h.rt.blobs, parse: parseMime, linkQueue: h.linkQueue, problems: h.rt.problems, now: () => new Date() }, job);
    const jobs = h.linkQueue.sent.splice(0).filter((j) => j.kind === 'link' && /Flange/.test(j.parsed?.mail.subject ?? ''));
    const heldCalls: string[][] = [];
    const messageCalls: string[][] = [];
    let failHeld = true;
    let messagesBeforeHeld = 0;
    let messagePuts = 0;
    const send = h.rt.table.client.send.bind(h.rt.table.client) as (c: unknown) => Promise<unknown>;
    const client = new Proxy(h.rt.table.client, { get: (target, prop, receiver) => (prop !== 'send' ? Reflect.get(target, prop, receiver)
      : async (c: { constructor: { name: string }; input: { Item?: { entity?: string }; RequestItems?: Record<string, { PutRequest?: { Item: { entity?: string } } }[]> } }) => {
        const entities = Object.values(c.input.RequestItems ?? {}).flat().map((r) => String(r.PutRequest?.Item.entity));
        if (c.constructor.name === 'PutCommand' && c.input.Item?.entity === 'message') messagePuts++;
        if (entities.includes('message') || c.input.Item?.entity === 'message') messagesBeforeHeld += heldCalls.length === 0 ? 1 : 0;
        if (c.constructor.name === 'BatchWriteCommand' && entities.includes('message')) messageCalls.push(entities);
        if (c.constructor.name === 'BatchWriteCommand' && entities.includes('thread-member')) {
          heldCalls.push(entities);
          if (failHeld) { failHeld = false; throw new Error('injected: held writes refused'); }
        }
        return send(c);
      }) }) as DynamoDBDocumentClient;

    const table = coalescingTable({ ...h.rt.table, client });
    const first = await linkBatch({ ...h.rt, table }, jobs);
    const linkedFirst = (await messageItems(h.rt, spaceId)).length;
    // SQS gives a failed record back after the queue's visibility timeout, by when the claims have lapsed.
    const redelivered = new Date(Date.now() + visibilityTimeoutFor('link') * 1000);
    const again = await linkBatch({ ...h.rt, table, now: () => redelivered }, jobs);

    console.log(`12 mails: held writes in ${heldCalls.length} calls of ${heldCalls.map((c) => c.length).join(', ')} items; message items in ${messageCalls.length} calls of ${messageCalls.map((c) => c.length).join(', ')}, ${messagePuts} single puts; failed first time ${first.filter(Boolean).length}`);
    expect(messagesBeforeHeld).toBe(0);
    expect(heldCalls[0]).toHaveLength(24);
    expect(first.filter(Boolean)).toHaveLength(12);
    expect(linkedFirst).toBe(0);
    expect(again.filter(Boolean)).toHaveLength(0);
    // The redelivery took the lapsed claims over, and a taker writes its item with the condition.
    expect(messagePuts).toBe(12);
    const messages = await messageItems(h.rt, spaceId);
    expect(messages).toHaveLength(12);
    const members = await Promise.all(messages.map((m) => h.rt.messages.listThreadMessages(spaceId, String(m.threadId))));
    expect(members.map((list) => list.length)).toEqual(messages.map(() => 1));
  });
});
