import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMime } from '../../../shared/adapters/mime/mailparser-mime.js';
import { linkBatch } from '../../../shared/deps/link-batch.js';
import { parseMessage } from '../../../shared/domain/threads/parse-message.js';
import { createCustomerStatsStore } from '../../../shared/store/customer-stats-store.js';
import { customerStatsPartition } from '../../../shared/store/keys.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const users = [{ user: 'lbs1', password: 'pw-lbs1' }, { user: 'lbs2', password: 'pw-lbs2' }];

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

const october = (from: string, subject: string, day: number) =>
  aMail({ from, subject }).replace(/^Date: .*$/m, `Date: ${new Date(Date.UTC(2026, 9, day, 9)).toUTCString()}`);

/** A table whose transactions holding a stats event marker fail: the link batch dies after its message items. */
const failingStats = <T extends { client: { send: (c: never) => Promise<unknown> } }>(table: T): T => ({
  ...table,
  client: new Proxy(table.client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: { input?: { TransactItems?: { Put?: { Item?: { entity?: string } } }[] } }) => {
        if (command instanceof TransactWriteCommand && command.input.TransactItems?.some((i) => i.Put?.Item?.entity === 'stats-event')) {
          throw new Error('stats flush lost');
        }
        return (target.send as (c: unknown) => Promise<unknown>)(command);
      };
    },
  }),
});

describe('customer stats of a link batch (real Dovecot, DynamoDB Local)', () => {
  it('counts each mail once per owner and for the Space, with one marker per mail, after a lost flush and two redeliveries', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const company = await h.addCompany('Northwind', ['northwind.example']);
    const jane = await h.addContact('Jane Doe', ['jane.doe@northwind.example'], company);
    const bob = await h.addContact('Bob Other', ['bob@other.example']);
    const user = users[0]!;
    await dovecot.appendMessages(user.user, 'INBOX', [
      october('Jane Doe <jane.doe@northwind.example>', 'First', 3), october('Jane Doe <jane.doe@northwind.example>', 'Second', 12),
      october('Bob Other <bob@other.example>', 'Bob here', 14), october('Stranger <who@nowhere.example>', 'Nobody', 15),
    ]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    for (const job of h.parseQueue.sent.splice(0)) await parseMessage({ blobs: h.rt.blobs, parse: parseMime, linkQueue: h.linkQueue, problems: h.rt.problems, now: () => new Date() }, job);
    const jobs = h.linkQueue.sent.splice(0);

    const lost = await linkBatch({ ...h.rt, table: failingStats(h.rt.table) }, jobs);
    const stored = (await messageItems(h.rt, spaceId)).length;
    const again = await linkBatch(h.rt, jobs);
    const third = await linkBatch(h.rt, jobs);

    expect(lost.every((o) => o !== undefined)).toBe(true);
    expect(stored).toBe(4);
    expect(again).toEqual([undefined, undefined, undefined, undefined]);
    expect(third).toEqual([undefined, undefined, undefined, undefined]);
    const stats = createCustomerStatsStore(h.rt.table);
    const interactions = async (kind: 'contact' | 'company', id: string) => (await stats.getStats(spaceId, { kind, id }))?.stats.interactionsByMonth['2026-10'];
    const counted = { jane: await interactions('contact', jane), company: await interactions('company', company), bob: await interactions('contact', bob), space: (await stats.getSpaceMonth(spaceId, '2026-10')).interactions };
    console.info('interactions in 2026-10 after a lost flush and two redeliveries:', counted);
    expect(counted).toEqual({ jane: 2, company: 2, bob: 1, space: 3 });
    const events = async (kind: 'contact' | 'company' | 'space', id: string) => ((await h.rt.table.client.send(new QueryCommand({
      TableName: h.rt.table.table, KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':p': customerStatsPartition(spaceId, kind, id), ':e': 'event#' },
    }))).Items ?? []);
    expect((await events('space', '-')).length).toBe(3);
    expect([...await events('contact', jane), ...await events('company', company), ...await events('contact', bob)]).toEqual([]);
  });

  it('counts an owner linked later to a mail once, and not again for an owner the mail was counted for', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const jane = await h.addContact('Jane Doe', ['jane.doe@northwind.example']);
    const user = users[1]!;
    await dovecot.appendMessages(user.user, 'INBOX', [october('Jane Doe <jane.doe@northwind.example>', 'Hello again', 20)]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    await h.drain('batch');
    const message = (await messageItems(h.rt, spaceId))[0]!;
    const stats = createCustomerStatsStore(h.rt.table);
    const event = { kind: 'interaction' as const, at: String(message.date) };
    const now = new Date().toISOString();

    const janeAgain = await stats.record(spaceId, { kind: 'contact', id: jane }, `msg#${String(message.id)}`, event, now);
    const carl = await stats.record(spaceId, { kind: 'contact', id: 'carl' }, `msg#${String(message.id)}`, event, now);
    const carlAgain = await stats.record(spaceId, { kind: 'contact', id: 'carl' }, `msg#${String(message.id)}`, event, now);

    expect({ janeAgain, carl, carlAgain }).toEqual({ janeAgain: false, carl: true, carlAgain: false });
    expect((await stats.getStats(spaceId, { kind: 'contact', id: jane }))?.stats.interactionsByMonth['2026-10']).toBe(1);
    expect((await stats.getStats(spaceId, { kind: 'contact', id: 'carl' }))?.stats.interactionsByMonth['2026-10']).toBe(1);
  });
});
