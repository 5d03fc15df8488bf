import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createMemoryQueue } from '../../../shared/adapters/queue/sqs-queue.js';
import { systemRuntime } from '../../../shared/domain/audit/system-runtime.js';
import { planThreadChange } from '../../../shared/domain/inbox/change-thread.js';
import type { LinkJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { ensureInboxMigration, runInboxMigrationStep } from '../../../shared/deps/inbox-migration-job.js';
import { startAllInboxMigrations } from '../../../infra/migrate-inbox-spaces.js';
import { defaultTable, type TableRef } from '../../../shared/store/dynamo.js';
import { readInboxCounters, readInboxCounts } from '../../../shared/store/inbox-index.js';
import { listInbox, type InboxQuery } from '../../../shared/store/inbox-list.js';
import { migrateInboxStep, readStateMigration } from '../../../shared/store/inbox-state-migration.js';
import { inboxCountsKey, inboxFacetKey, inboxFacetPartition, threadInboxKey, threadKey } from '../../../shared/store/keys.js';
import { applyThreadChange, getInboxThread } from '../../../shared/store/thread-changes.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { eventually } from '../../support/eventually.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

const MAILBOX = ulid();

interface OldThread { id: string; at: string; unread: boolean; status: 'open' | 'completed'; assigneeId?: string; contactId?: string; direction?: 'inbound' | 'outbound' }

/** The counted facets a thread had before the state facets (countedFacets at 946f230^). */
const oldCounted = (t: OldThread): string[] => [
  'all', t.status, ...(t.unread ? ['unread'] : []), t.assigneeId ? `assignee#${t.assigneeId}` : 'unassigned',
  ...(t.contactId ? [] : ['unlinked']), ...(t.direction ? [`last#${t.direction}`] : []), `mailbox#${MAILBOX}`,
];

/** Writes a thread, its index items, bookkeeping and counters exactly as the index did before the state facets. */
async function seedOldThread(t: TableRef, spaceId: string, th: OldThread): Promise<void> {
  await t.client.send(new PutCommand({ TableName: t.table, Item: {
    ...threadKey(spaceId, th.id), entity: 'thread', v: 1, id: th.id, subject: `Subject ${th.id.slice(0, 6)}`, lastMessageAt: th.at, messageCount: 1,
    participants: new Set(['buyer@customer.example']), lastSnippet: 'hello', unread: th.unread, status: th.status, mailboxIds: new Set([MAILBOX]),
    ...(th.assigneeId ? { assigneeId: th.assigneeId } : {}), ...(th.contactId ? { contactIds: new Set([th.contactId]) } : {}),
    ...(th.direction ? { lastDirection: th.direction } : {}), rev: 1, version: 1,
  } }));
  const counted = oldCounted(th);
  const owners = th.contactId ? [`contact#${th.contactId}`] : [];
  for (const f of [...counted, ...owners]) {
    await t.client.send(new PutCommand({ TableName: t.table, Item: { ...inboxFacetKey(spaceId, f, th.at, th.id), entity: 'inbox-facet', v: 1, threadId: th.id } }));
  }
  await t.client.send(new PutCommand({ TableName: t.table, Item: {
    ...threadInboxKey(spaceId, th.id), entity: 'thread-inbox', inboxRev: 1, inboxAt: th.at, inboxFacets: counted, inboxOwners: owners, inboxTokens: [],
  } }));
  await t.client.send(new UpdateCommand({
    TableName: t.table, Key: inboxCountsKey(spaceId), UpdateExpression: `SET entity = :e ADD ${counted.map((_f, i) => `#f${i} :one`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(counted.map((f, i) => [`#f${i}`, `n#${f}`])), ExpressionAttributeValues: { ':e': 'inbox-counts', ':one': 1 },
  }));
}

const newThreadId = () => randomBytes(16).toString('hex');
const at = (minute: number) => `2026-11-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

/** Every page of a listing, following cursors. */
async function listAll(t: TableRef, spaceId: string, q: Partial<InboxQuery> = {}): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  let pages = 0;
  do {
    const page = await listInbox(t, spaceId, { userId: 'u1', role: 'admin', limit: 3, ...q, ...(startKey ? { startKey } : {}) });
    ids.push(...page.items.map((i) => i.id));
    startKey = page.lastKey;
    pages++;
  } while (startKey && pages < 50);
  return { ids, pages };
}

/** A table that runs `before` (and `after`) around its first index transaction for one thread: the racing writer's turn. */
function racing(t: TableRef, spaceId: string, threadId: string, hooks: { before: () => Promise<void>; after?: () => void }): TableRef {
  let armed = true;
  const book = threadInboxKey(spaceId, threadId);
  const hits = (cmd: { constructor: { name: string }; input?: { TransactItems?: { Update?: { Key?: Record<string, unknown> } }[] } }) =>
    cmd.constructor.name === 'TransactWriteCommand' && (cmd.input?.TransactItems ?? []).some((i) => i.Update?.Key?.pk === book.pk && i.Update.Key.sk === book.sk);
  const send = async (cmd: Parameters<typeof hits>[0]) => {
    if (!armed || !hits(cmd)) return (t.client.send as (c: unknown) => Promise<unknown>)(cmd);
    armed = false;
    await hooks.before();
    try {
      return await (t.client.send as (c: unknown) => Promise<unknown>)(cmd);
    } finally {
      hooks.after?.();
    }
  };
  return { ...t, client: { ...t.client, send } as unknown as TableRef['client'] };
}

const quiet = { warn: () => undefined };

const staff = (spaceId: string) => ({ spaceId, userId: 'staff-1', requestId: ulid(), role: 'admin' as const });

async function markRead(t: TableRef, spaceId: string, threadId: string): Promise<void> {
  const thread = (await getInboxThread(t, spaceId, threadId))!;
  await applyThreadChange(t, spaceId, threadId, thread.version, planThreadChange(systemRuntime, staff(spaceId), thread, thread.version, { unread: false }));
}

describe('moving old-shape inbox threads to their state facet (DynamoDB Local)', () => {
  it('lists old threads before the move, moves them keeping every count, and moves nothing the second time', async () => {
    useLocalStackEnv();
    const t = defaultTable();
    const spaceId = newSpaceId();
    const threads: OldThread[] = Array.from({ length: 8 }, (_x, i) => ({
      id: newThreadId(), at: at(i), unread: i % 2 === 0, status: i === 3 ? 'completed' : 'open',
      ...(i === 5 ? { assigneeId: 'u2' } : {}), ...(i === 6 ? { contactId: 'c1' } : {}), ...(i === 7 ? { direction: 'outbound' as const } : { direction: 'inbound' as const }),
    }));
    for (const th of threads) await seedOldThread(t, spaceId, th);
    const newestFirst = [...threads].reverse().map((th) => th.id);
    const unreadNewestFirst = [...threads].reverse().filter((th) => th.unread).map((th) => th.id);
    const countsBefore = Object.fromEntries(await readInboxCounts(t, spaceId));

    const before = await listAll(t, spaceId, { legacy: true });
    const unreadBefore = await listAll(t, spaceId, { legacy: true, unread: true });
    // Half the threads start moving (state item put, crash before the rest): each must still be listed once.
    await t.client.send(new PutCommand({ TableName: t.table, Item: { ...inboxFacetKey(spaceId, 'state#open#unread#unassigned#unlinked#inbound', threads[0]!.at, threads[0]!.id), entity: 'inbox-facet', v: 1, threadId: threads[0]!.id } }));
    const midway = await listAll(t, spaceId, { legacy: true });
    const first = await migrateInboxStep(t, spaceId, { overBudget: () => true, pageSize: 3 });
    const second = await migrateInboxStep(t, spaceId, { cursor: first.cursor!, overBudget: () => false, pageSize: 3 });
    const after = await listAll(t, spaceId);
    const unreadAfter = await listAll(t, spaceId, { unread: true });
    const countsAfter = Object.fromEntries(await readInboxCounts(t, spaceId));
    const rawAfter = await readInboxCounters(t, spaceId);
    const oldAll = await t.client.send(new QueryCommand({ TableName: t.table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': inboxFacetPartition(spaceId, 'all') } }));
    const again = await migrateInboxStep(t, spaceId, { overBudget: () => false });
    const countsAgain = Object.fromEntries(await readInboxCounts(t, spaceId));

    console.log('old-shape threads', threads.length, 'pages before', before.pages, 'moved', first.moved + second.moved, 'moved again', again.moved, 'counts', JSON.stringify(countsAfter));
    expect(before.ids).toEqual(newestFirst);
    expect(unreadBefore.ids).toEqual(unreadNewestFirst);
    expect(midway.ids).toEqual(newestFirst);
    expect(first.cursor).toBeDefined();
    expect(first.moved + second.moved).toBe(threads.length);
    expect(second.cursor).toBeUndefined();
    expect(after.ids).toEqual(newestFirst);
    expect(unreadAfter.ids).toEqual(unreadNewestFirst);
    expect(countsAfter).toEqual(countsBefore);
    expect(countsAfter).toMatchObject({ all: 8, unread: 4, open: 7, completed: 1, unassigned: 7, unlinked: 7, 'last#outbound': 1, 'assignee#u2': 1, [`mailbox#${MAILBOX}`]: 8 });
    for (const old of ['all', 'open', 'completed', 'unread', 'unassigned', 'unlinked', 'last#inbound', 'last#outbound']) expect(rawAfter.get(old) ?? 0).toBe(0);
    expect(oldAll.Items).toEqual([]);
    expect(again.moved).toBe(0);
    expect(countsAgain).toEqual(countsBefore);
  });

  it('lets a staff change that lands while a thread moves win, counting it once', async () => {
    useLocalStackEnv();
    const t = defaultTable();
    const spaceId = newSpaceId();
    const early = { id: newThreadId(), at: at(1), unread: true, status: 'open' as const, direction: 'inbound' as const };
    const late = { id: newThreadId(), at: at(2), unread: true, status: 'open' as const, direction: 'inbound' as const };
    for (const th of [early, late]) await seedOldThread(t, spaceId, th);

    // `early`: the mover has read it; staff mark it read and index it before the mover commits.
    // `late`: the mover has read it; staff read its old index, the mover commits, then staff commit.
    let staffRead!: () => void;
    let moverCommitted!: () => void;
    const staffHasRead = new Promise<void>((r) => { staffRead = r; });
    const moverHasCommitted = new Promise<void>((r) => { moverCommitted = r; });
    let staffOnLate: Promise<void> | undefined;
    const staffTable = racing(t, spaceId, late.id, { before: async () => { staffRead(); await moverHasCommitted; } });
    const mover = racing(racing(t, spaceId, early.id, { before: () => markRead(t, spaceId, early.id) }), spaceId, late.id, {
      before: async () => { staffOnLate = markRead(staffTable, spaceId, late.id); await staffHasRead; },
      after: () => moverCommitted(),
    });
    const moved = await migrateInboxStep(mover, spaceId, { overBudget: () => false });
    await staffOnLate;
    const counts = Object.fromEntries(await readInboxCounts(t, spaceId));
    const unread = await listAll(t, spaceId, { unread: true });
    const read = await listAll(t, spaceId, { unread: false });

    expect(staffOnLate).toBeDefined();
    expect(moved.moved).toBe(1);
    expect(counts).toMatchObject({ all: 2, unread: 0, open: 2, unassigned: 2 });
    // Raw counters too: the sums would hide a thread moved twice (an old counter below zero, a state counter above).
    expect(Object.fromEntries([...(await readInboxCounters(t, spaceId))].filter(([, n]) => n !== 0))).toEqual({ 'state#open#read#unassigned#unlinked#inbound': 2, [`mailbox#${MAILBOX}`]: 2 });
    expect(unread.ids).toEqual([]);
    expect(read.ids).toEqual([late.id, early.id]);
  });

  it('starts the move once on the first inbox read, and reports it done after its last step', async () => {
    useLocalStackEnv();
    const t = defaultTable();
    const spaceId = newSpaceId();
    await seedOldThread(t, spaceId, { id: newThreadId(), at: at(1), unread: false, status: 'open' });
    const queue = createMemoryQueue<LinkJob>();
    const now = new Date('2026-11-29T22:00:00.000Z');
    const log = { info: () => undefined };

    const firstRead = await ensureInboxMigration(t, queue, spaceId, { now, correlationId: 'req-1', log: quiet });
    const secondRead = await ensureInboxMigration(t, queue, spaceId, { now, correlationId: 'req-2', log: quiet });
    const queued = [...queue.sent];
    for (const job of queue.sent.splice(0)) if (job.kind === 'migrate-inbox') await runInboxMigrationStep(t, queue, job, { now: () => now, log });
    const afterJob = await ensureInboxMigration(t, queue, spaceId, { now, correlationId: 'req-3', log: quiet });

    expect(firstRead).toBe(false);
    expect(secondRead).toBe(false);
    expect(queued).toEqual([{ v: 1, kind: 'migrate-inbox', correlationId: 'req-1', spaceId, moved: 0 }]);
    expect(afterJob).toBe(true);
    expect(queue.sent).toEqual([]);
    expect((await listAll(t, spaceId)).ids).toHaveLength(1);
  });

  it('starts a move again when its step was lost for fifteen minutes', async () => {
    useLocalStackEnv();
    const t = defaultTable();
    const spaceId = newSpaceId();
    const queue = createMemoryQueue<LinkJob>();
    const start = new Date('2026-11-29T22:00:00.000Z');

    await ensureInboxMigration(t, queue, spaceId, { now: start, correlationId: 'req-1', log: quiet });
    await ensureInboxMigration(t, queue, spaceId, { now: new Date(start.getTime() + 10 * 60_000), correlationId: 'req-2', log: quiet });
    await ensureInboxMigration(t, queue, spaceId, { now: new Date(start.getTime() + 16 * 60_000), correlationId: 'req-3', log: quiet });

    expect(queue.sent.map((j) => j.correlationId)).toEqual(['req-1', 'req-3']);
  });

  it('starts the move in every Space not done yet from the one-off run, and none twice', async () => {
    useLocalStackEnv();
    const t = defaultTable();
    const [waiting, running, done] = [newSpaceId(), newSpaceId(), newSpaceId()];
    for (const spaceId of [waiting, running, done]) await seedOldThread(t, spaceId, { id: newThreadId(), at: at(1), unread: true, status: 'open' });
    const queue = createMemoryQueue<LinkJob>();
    const now = new Date('2026-11-29T22:00:00.000Z');
    const log = { info: () => undefined };
    await ensureInboxMigration(t, queue, running, { now, correlationId: 'first-read', log: quiet });
    await ensureInboxMigration(t, queue, done, { now, correlationId: 'first-read', log: quiet });
    for (const job of queue.sent.splice(0)) if (job.kind === 'migrate-inbox' && job.spaceId === done) await runInboxMigrationStep(t, queue, job, { now: () => now, log });
    queue.sent.splice(0);

    const seen = await startAllInboxMigrations(t, queue, { now, correlationId: 'one-off', log: quiet });
    const mine = queue.sent.filter((j) => [waiting, running, done].includes(j.spaceId));

    expect(seen).toEqual(expect.arrayContaining([waiting, running]));
    expect(seen).not.toContain(done);
    expect(mine).toEqual([{ v: 1, kind: 'migrate-inbox', correlationId: 'one-off', spaceId: waiting, moved: 0 }]);
  });

  it('lists old threads through the API, and the first read moves them on the link function', async () => {
    useLocalStackEnv();
    const t = defaultTable();
    const spaceId = newSpaceId();
    const threads: OldThread[] = Array.from({ length: 4 }, (_x, i) => ({ id: newThreadId(), at: at(i), unread: i < 2, status: 'open', direction: 'inbound' }));
    for (const th of threads) await seedOldThread(t, spaceId, th);
    const api = apiAs(spaceId, 'admin', 'admin-1');

    const first = await api.get('/inbox?limit=10');
    const countsFirst = await api.get('/inbox/counts');
    const state = await eventually(() => readStateMigration(t, spaceId), (m) => m.status === 'done');
    const afterMove = await api.get('/inbox?limit=10');
    const unreadAfter = await api.get('/inbox?unread=true&limit=10');
    const countsAfter = await api.get('/inbox/counts');
    const raw = await readInboxCounters(t, spaceId);

    const newestFirst = [...threads].reverse().map((th) => th.id);
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual(newestFirst);
    expect(state).toEqual({ status: 'done', moved: 4 });
    expect(afterMove.body.items.map((i: { id: string }) => i.id)).toEqual(newestFirst);
    expect(unreadAfter.body.items.map((i: { id: string }) => i.id)).toEqual(newestFirst.slice(2));
    expect(countsAfter.body).toEqual(countsFirst.body);
    expect(raw.get('all')).toBe(0);
  });
});
