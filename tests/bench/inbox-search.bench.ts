/**
 * Inbox cost against Space size: p50/p95 of the first page (25) of `listInbox` for searches and for
 * filters, on a Space of 2,000 and one of 20,000 threads. Printed, never asserted; target
 * p95(20k) / p95(2k) ≤ 1.5. Run: `npx tsx tests/bench/inbox-search.bench.ts`.
 * Uses BENCH_DYNAMODB_ENDPOINT when set, else starts its own in-memory DynamoDB Local. Threads are
 * seeded with BatchWrite through the index's own item builders (about 25 items per thread).
 */
import { performance } from 'node:perf_hooks';
import type { InboxFilter, InboxThread } from '../../shared/domain/inbox/inbox-thread.js';
import { batchWrite } from '../../shared/store/batch.js';
import type { TableRef } from '../../shared/store/dynamo.js';
import { inboxItemsOf } from '../../shared/store/inbox-index.js';
import { listInbox } from '../../shared/store/inbox-list.js';
import { threadKey } from '../../shared/store/keys.js';
import { percentile, withBenchTable } from './bench-table.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SMALL = Number(process.env.BENCH_SMALL ?? 2_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const SUBJECTS = ['Order for widgets', 'Invoice question', 'Quote request for gears', 'Delivery delayed', 'Price list'];
const PEOPLE = ['anna', 'ben', 'carla', 'david', 'elif', 'farid', 'greta', 'hugo'];
const DOMAINS = ['northwind', 'contoso', 'fabrikam', 'globex', 'initech'];
const MAILBOXES = ['01JDQ3N0P2Q4R6S8T0V2W4X6Y8', '01JDQ3N0P2Q4R6S8T0V2W4X6Y9'];
const SEARCHES: InboxFilter[] = [{ q: 'gears' }, { q: 'anna' }, { q: 'contoso.example' }, { q: 'invoice q' }, { q: 'delayed', unread: true }];
const FILTERS: InboxFilter[] = [{}, { unread: true }, { mailboxId: MAILBOXES[1] as string, status: 'open' }, { hasOrder: true }, { direction: 'inbound', assignee: 'none' }];

function aThread(i: number): InboxThread {
  const person = `${PEOPLE[i % PEOPLE.length]}.${i}@${DOMAINS[i % DOMAINS.length]}.example`;
  return {
    id: i.toString(16).padStart(32, '0'), subject: `${SUBJECTS[i % SUBJECTS.length]} ${i}`, messageCount: 1 + (i % 3),
    lastMessageAt: new Date(Date.parse('2025-01-01T00:00:00Z') + i * 60_000).toISOString(), participants: [person],
    lastSnippet: `Hello about item ${i % 500}`, lastSender: { address: person }, lastDirection: i % 3 ? 'inbound' : 'outbound',
    ...(i % 7 === 0 ? { orderId: `ord_${i.toString(16).padStart(32, '0')}` } : {}),
    contactIds: [], companyIds: [], unread: i % 4 === 0, status: i % 5 ? 'open' : 'completed', mailboxIds: [MAILBOXES[i % 2] as string], version: 0,
  };
}

async function seed(t: TableRef, spaceId: string, count: number): Promise<void> {
  const items = Array.from({ length: count }, (_, i) => aThread(i)).flatMap((th) => [
    { ...threadKey(spaceId, th.id), entity: 'thread', ...th, participants: new Set(th.participants), mailboxIds: new Set(th.mailboxIds), contactIds: undefined, companyIds: undefined },
    ...inboxItemsOf(spaceId, th),
  ]);
  const parallel = 16;
  const chunk = Math.ceil(items.length / parallel);
  await Promise.all(Array.from({ length: parallel }, (_, i) => batchWrite(t, items.slice(i * chunk, (i + 1) * chunk))));
}

async function measure(t: TableRef, spaceId: string, filters: InboxFilter[]): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 20; i++) await listInbox(t, spaceId, { ...filters[i % filters.length], userId: 'bench', role: 'staff', limit: 25 });
  const times: number[] = [];
  const byFilter = filters.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    const f = filters[i % filters.length] as InboxFilter;
    const t0 = performance.now();
    const page = await listInbox(t, spaceId, { ...f, userId: 'bench', role: 'staff', limit: 25 });
    const ms = performance.now() - t0;
    times.push(ms);
    byFilter[i % filters.length]?.push(ms);
    if (page.items.length === 0) throw new Error(`no hits for ${JSON.stringify(f)}`);
  }
  for (const [i, f] of filters.entries()) {
    const sorted = (byFilter[i] as number[]).sort((a, b) => a - b);
    console.log(`  ${JSON.stringify(f)}: p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms`);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function main() {
  await withBenchTable(async (t) => {
    const results: Record<string, Record<number, { p50: number; p95: number }>> = { search: {}, filter: {} };
    for (const size of [SMALL, LARGE]) {
      const space = `bench-inbox-${size}-${Date.now().toString(36)}`;
      const started = performance.now();
      await seed(t, space, size);
      console.log(`seeded ${size} threads in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const [kind, filters] of [['search', SEARCHES], ['filter', FILTERS]] as const) {
        const r = await measure(t, space, filters);
        (results[kind] as Record<number, typeof r>)[size] = r;
        console.log(`${size} threads, ${kind}: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms over ${RUNS} first pages`);
      }
    }
    for (const kind of ['search', 'filter']) {
      const small = results[kind]?.[SMALL] as { p50: number; p95: number };
      const large = results[kind]?.[LARGE] as { p50: number; p95: number };
      console.log(`${kind} ratio ${LARGE}/${SMALL}: p50 ${(large.p50 / small.p50).toFixed(2)}, p95 ${(large.p95 / small.p95).toFixed(2)} (target ≤ 1.5)`);
    }
  });
}

await main();
