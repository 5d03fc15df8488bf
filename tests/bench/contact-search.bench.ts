/**
 * Contact search cost against Space size: p50/p95 of the search use case (store.listContacts with
 * `q`, first page of 25) on a Space of 2,000 and one of 20,000 contacts. Printed, never asserted;
 * target p95(20k) / p95(2k) ≤ 1.5. Run: `npx tsx tests/bench/contact-search.bench.ts`.
 * Uses BENCH_DYNAMODB_ENDPOINT when set, else starts its own in-memory DynamoDB Local (seeding 20k
 * contacts, about 240k items, takes a few minutes there; on-disk DynamoDB Local is ~10× slower).
 */
import { performance } from 'node:perf_hooks';
import { normalizeSearchText } from '../../shared/domain/search/search-tokens.js';
import { createContactStore } from '../../shared/store/contact-store.js';
import { seedContacts, writeSeed } from '../support/seed-contacts.js';
import { percentile, withBenchTable } from './bench-table.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SMALL = Number(process.env.BENCH_SMALL ?? 2_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const QUERIES = ['wag', 'anna', 'hooli', 'vip', 'stark ltd', 'greta h', 'acme.example', 'kira.koch', 'zimmer', 'retail'];

async function main() {
  await withBenchTable(async (t) => {
    const store = createContactStore(t);
    const results: Record<string, { p50: number; p95: number }> = {};
    for (const size of [SMALL, LARGE]) {
      const space = `bench-${size}-${Date.now().toString(36)}`;
      const started = performance.now();
      await writeSeed(t, seedContacts(space, size), 16);
      console.log(`seeded ${size} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (let i = 0; i < 30; i++) await store.listContacts(space, { q: normalizeSearchText(QUERIES[i % QUERIES.length] as string), sort: 'name', limit: 25 });
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const q = normalizeSearchText(QUERIES[i % QUERIES.length] as string);
        const t0 = performance.now();
        const page = await store.listContacts(space, { q, sort: 'name', limit: 25 });
        times.push(performance.now() - t0);
        if (page.items.length === 0) throw new Error(`no hits for ${q}`);
      }
      times.sort((a, b) => a - b);
      results[size] = { p50: percentile(times, 50), p95: percentile(times, 95) };
      console.log(`${size} contacts: p50 ${results[size].p50.toFixed(2)} ms, p95 ${results[size].p95.toFixed(2)} ms over ${RUNS} searches`);
    }
    const small = results[SMALL] as { p50: number; p95: number };
    const large = results[LARGE] as { p50: number; p95: number };
    console.log(`ratio ${LARGE}/${SMALL}: p50 ${(large.p50 / small.p50).toFixed(2)}, p95 ${(large.p95 / small.p95).toFixed(2)} (target ≤ 1.5)`);
  });
}

await main();
