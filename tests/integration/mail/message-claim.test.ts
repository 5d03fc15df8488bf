import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMime } from '../../../shared/adapters/mime/mailparser-mime.js';
import { visibilityTimeoutFor } from '../../../shared/config/names.js';
import { linkBatch } from '../../../shared/deps/link-batch.js';
import type { MailRuntime } from '../../../shared/deps/mail-runtime.js';
import { parseMessage } from '../../../shared/domain/threads/parse-message.js';
import type { LinkJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { mailRulesSchema } from '../../../shared/domain/rules/mail-rules.js';
import { MessageLinkingError } from '../../../shared/domain/threads/thread-errors.js';
import { createMailDeletion } from '../../../shared/store/mail-deletion.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const users = Array.from({ length: 6 }, (_, i) => ({ user: `mc${i}`, password: `pw-${i}` }));
let nextUser = 0;

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

type Command = { constructor: { name: string }; input: { Item?: { entity?: string }; RequestItems?: Record<string, { PutRequest?: { Item: { entity?: string } } }[]> } };
const entitiesOf = (c: Command) => [
  ...(c.input.Item ? [String(c.input.Item.entity)] : []),
  ...Object.values(c.input.RequestItems ?? {}).flat().map((r) => String(r.PutRequest?.Item.entity)),
];
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
};

/** The runtime with every table request passed to `before` (awaited) and `after`. */
function watched(rt: MailRuntime, hooks: { before?: (c: Command) => Promise<void>; after?: (c: Command) => void }): MailRuntime {
  const send = rt.table.client.send.bind(rt.table.client) as (c: unknown) => Promise<unknown>;
  const client = new Proxy(rt.table.client, { get: (target, prop, receiver) => (prop !== 'send' ? Reflect.get(target, prop, receiver)
    : async (c: Command) => {
      await hooks.before?.(c);
      const out = await send(c);
      hooks.after?.(c);
      return out;
    }) }) as DynamoDBDocumentClient;
  return { ...rt, table: { ...rt.table, client } };
}

async function linkJobsOf(mails: string[]) {
  const h = await mailHarness(newSpaceId());
  const user = users[nextUser++]!;
  await dovecot.appendMessages(user.user, 'INBOX', mails);
  const mailbox = await h.connect(dovecot, user);
  await h.sync(mailbox.id);
  for (const job of h.parseQueue.sent.splice(0)) await parseMessage({ blobs: h.rt.blobs, parse: parseMime, linkQueue: h.linkQueue, problems: h.rt.problems, now: () => new Date() }, job);
  return { h, jobs: h.linkQueue.sent.splice(0).filter((j) => j.kind === 'link') };
}

/**
 * Two linkers of one mail: the first claims it and waits before writing its message item until the
 * second has tried; then `between` runs after the first finished, and only then may the second
 * write a message item. Then the second's record is redelivered after the visibility timeout.
 */
async function raceTwoLinkers(h: Awaited<ReturnType<typeof mailHarness>>, job: LinkJob, between: (id: string) => Promise<void>) {
  const firstClaimed = deferred();
  const secondTried = deferred();
  const secondAtItem = deferred();
  const secondMayWrite = deferred();
  const first = linkBatch(watched(h.rt, {
    before: async (c) => { if (entitiesOf(c).includes('message')) await secondTried.promise; },
    after: (c) => { if (entitiesOf(c).includes('message-claim')) firstClaimed.resolve(); },
  }), [job]);
  await firstClaimed.promise;
  const later = new Date(Date.now() + 5_000);
  const second = linkBatch({
    ...watched(h.rt, { before: async (c) => { if (entitiesOf(c).includes('message')) { secondAtItem.resolve(); await secondMayWrite.promise; } } }),
    now: () => later,
  }, [structuredClone(job)]);
  await Promise.race([second, secondAtItem.promise]);
  secondTried.resolve();
  const firstOutcomes = await first;
  const [stored] = await messageItems(h.rt, h.spaceId);
  await between(String(stored?.id));
  secondMayWrite.resolve();
  const secondOutcomes = await second;
  const redelivered = new Date(Date.now() + visibilityTimeoutFor('link') * 1000);
  const redelivery = await linkBatch({ ...h.rt, now: () => redelivered }, [structuredClone(job)]);
  return { firstOutcomes, secondOutcomes, redelivery, id: String(stored?.id) };
}

describe('the message item of a claimed identity (real Dovecot, DynamoDB Local)', () => {
  it('writes every message item of a batch in one last call, after its members, timeline and address lines', async () => {
    const { h, jobs } = await linkJobsOf(Array.from({ length: 8 }, (_, i) => aMail({ subject: `Sprocket ${i}` })));
    const writes: { call: string; entities: string[] }[] = [];

    const outcomes = await linkBatch(watched(h.rt, { after: (c) => { if (/Put|Write|Update/.test(c.constructor.name)) writes.push({ call: c.constructor.name, entities: entitiesOf(c) }); } }), jobs);

    const itemCalls = writes.filter((w) => w.entities.includes('message'));
    const itemsAt = writes.indexOf(itemCalls[0]!);
    const heldAfter = writes.slice(itemsAt + 1).flatMap((w) => w.entities).filter((e) => ['thread-member', 'timeline', 'address-message'].includes(e));
    console.log(`8 mails: message items in ${itemCalls.map((w) => `${w.call} of ${w.entities.length}`).join(', ')}; writes before them ${itemsAt}, after them ${writes.length - itemsAt - 1} (the stats and inbox index)`);
    expect(outcomes).toEqual(jobs.map(() => undefined));
    expect(itemCalls.map((w) => [w.call, w.entities.length])).toEqual([['BatchWriteCommand', 8]]);
    expect(writes.slice(0, itemsAt).flatMap((w) => w.entities).filter((e) => e === 'thread-member')).toHaveLength(8);
    expect(heldAfter).toEqual([]);
    expect(await messageItems(h.rt, h.spaceId)).toHaveLength(8);
  });

  it('turns a second linker of the mail away while the first holds its claim, so an order set in between stays on the item', async () => {
    const { h, jobs } = await linkJobsOf([aMail({ subject: 'Order me' })]);

    const race = await raceTwoLinkers(h, jobs[0]!, (id) => h.rt.messages.setMessageOrder(h.spaceId, id, 'order-1').then(() => {}));

    expect(race.firstOutcomes).toEqual([undefined]);
    expect(race.secondOutcomes[0]?.error).toBeInstanceOf(MessageLinkingError);
    expect(race.redelivery).toEqual([undefined]);
    const items = await messageItems(h.rt, h.spaceId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: race.id, orderId: 'order-1' });
  });

  it('does not bring back a mail staff deleted while a second linker of it waited', async () => {
    const { h, jobs } = await linkJobsOf([aMail({ subject: 'Delete me' })]);

    const race = await raceTwoLinkers(h, jobs[0]!, async (id) => { await createMailDeletion(h.rt.table).purgeMessages(h.spaceId, [id], new Date().toISOString()); });

    expect(race.firstOutcomes).toEqual([undefined]);
    expect(race.secondOutcomes).toHaveLength(1);
    expect(race.redelivery).toEqual([undefined]);
    expect(await messageItems(h.rt, h.spaceId)).toHaveLength(0);
  });

  it('lets the claim go when its mail fails, so the mail\'s redelivery links it at once instead of waiting for the lease', async () => {
    const { h, jobs } = await linkJobsOf([aMail({ subject: 'Retry me' })]);
    const failing = watched(h.rt, { before: async (c) => { if (c.constructor.name === 'UpdateCommand' && JSON.stringify(c.input).includes('messageIds')) throw new Error('injected: thread unavailable'); } });

    const first = await linkBatch(failing, jobs);
    const again = await linkBatch(h.rt, jobs);

    expect(first[0]?.error).toBeInstanceOf(Error);
    expect(again).toEqual([undefined]);
    expect(await messageItems(h.rt, h.spaceId)).toHaveLength(1);
  });

  it('lets the claim go when a rule leaves the mail out, so it is linked at once when the rule is removed', async () => {
    const { h, jobs } = await linkJobsOf([aMail({ subject: 'Weekly newsletter' })]);
    const actor = (version: number) => ({ spaceId: h.spaceId, userId: 'admin-1', requestId: `r${version}`, at: new Date().toISOString(), auditId: ulid() });
    await h.rt.rules.putMailRules(actor(0), mailRulesSchema.parse({ exclusions: [{ field: 'subject', operator: 'contains', value: 'newsletter', action: 'skip' }] }), 0);

    const skipped = await linkBatch(h.rt, jobs);
    await h.rt.rules.putMailRules(actor(1), mailRulesSchema.parse({}), 1);
    const broughtIn = await linkBatch(h.rt, jobs);

    expect(skipped).toEqual([undefined]);
    expect(broughtIn).toEqual([undefined]);
    expect((await messageItems(h.rt, h.spaceId)).map((m) => m.subject)).toEqual(['Weekly newsletter']);
  });

  it('keeps one thread member for a mail with neither Date header nor server date linked by two linkers at different times', async () => {
    const { h, jobs } = await linkJobsOf([aMail({ subject: 'No date' }).replace(/^Date: .*\r\n/m, '')]);
    const job = jobs[0] as Extract<LinkJob, { kind: 'link' }>;
    // The parser dates such a mail by the server's INTERNALDATE; without one the linker uses its clock.
    const { date: _date, ...mail } = job.parsed!.mail;
    const undated = { ...job, parsed: { ...job.parsed!, mail } } as LinkJob;

    const race = await raceTwoLinkers(h, undated, async () => {});

    const items = await messageItems(h.rt, h.spaceId);
    const members = await h.rt.messages.listThreadMessages(h.spaceId, String(items[0]?.threadId));
    console.log(`undated mail: ${items.length} item, ${members.length} thread member(s), second linker ${race.secondOutcomes[0] ? 'turned away' : 'acknowledged'}`);
    expect(race.firstOutcomes).toEqual([undefined]);
    expect(race.redelivery).toEqual([undefined]);
    expect(items).toHaveLength(1);
    expect(members.map((m) => m.date)).toEqual([items[0]?.date]);
  });
});
