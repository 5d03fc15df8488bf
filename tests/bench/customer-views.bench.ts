/**
 * Company view filters against Space size: p50/p95 of a first page (25) of the company views
 * (key accounts, a tag, active, potential, dormant 30 days, new this month, last-activity sort, key
 * accounts that are active) on a Space of 2,000 and one of 20,000 companies. Printed, never
 * asserted; target p95(20k) / p95(2k) ≤ 1.5. Run: `npm run bench -- customer-views`.
 * Uses BENCH_DYNAMODB_ENDPOINT when set, else starts its own in-memory DynamoDB Local (seeding 20k
 * companies, about 150k items, takes a few minutes there).
 */
import { performance } from 'node:perf_hooks';
import { COMPANY_TIERS, type Company } from '../../shared/domain/companies/company.js';
import { applyCustomerEvent, emptyStats } from '../../shared/domain/customers/customer-stats.js';
import { companyView, type ViewFilter } from '../../shared/domain/customers/customer-views.js';
import { companyViewFilter } from '../../shared/domain/customers/view-filter.js';
import { batchWrite } from '../../shared/store/batch.js';
import { companyItem } from '../../shared/store/company-store.js';
import { createCustomerViewStore, viewSeedItems } from '../../shared/store/customer-view-store.js';
import type { TableRef } from '../../shared/store/dynamo.js';
import { percentile, withBenchTable } from './bench-table.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SMALL = Number(process.env.BENCH_SMALL ?? 2_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const NOW = new Date();
const DAY = 86_400_000;
const TAGS = Array.from({ length: 20 }, (_, i) => `tag${i}`);
const QUERIES: Record<string, Parameters<typeof companyViewFilter>[0]> = {
  'key accounts': { tier: 'key_account' }, 'tag': { tag: 'tag7' }, 'active': { segment: 'active' }, 'potential': { segment: 'potential' },
  'dormant 30 d': { dormantDays: 30 }, 'new this month': { createdSince: 'this_month' }, 'by last activity': { sort: 'lastActivityAt' },
  'active key accounts': { tier: 'key_account', segment: 'active' },
};

/** A Space of `size` companies with the same mix at every size: tiers, one of 20 tags, 2 in 7 paying, activity over a year, 5 % created this month. */
function seedItems(spaceId: string, size: number): Record<string, unknown>[] {
  return Array.from({ length: size }, (_, i) => {
    const created = new Date(NOW.getTime() - (i % 20 === 0 ? 0 : 40 + (i % 700)) * DAY).toISOString();
    const c: Company = {
      id: `C${String(i).padStart(8, '0')}`, spaceId, name: `Company ${i}`, domains: [], tier: COMPANY_TIERS[i % 10 === 0 ? 3 : i % 3] ?? 'normal',
      tags: [TAGS[i % TAGS.length] as string], customFields: {}, status: 'active', createdAt: created, updatedAt: created, version: 1,
    };
    let stats = applyCustomerEvent(emptyStats(created), { kind: 'interaction', at: new Date(NOW.getTime() - ((i * 7919) % 365) * DAY).toISOString() });
    if (i % 7 < 2) stats = applyCustomerEvent(stats, { kind: 'order-paid', at: created, amount: 100, currency: 'EUR', wasOpen: false });
    return [companyItem(c), ...viewSeedItems(spaceId, 'company', c.id, companyView(c, stats)!)];
  }).flat();
}

async function seed(t: TableRef, items: Record<string, unknown>[], parallel = 16) {
  const chunk = Math.ceil(items.length / parallel);
  await Promise.all(Array.from({ length: parallel }, (_, i) => batchWrite(t, items.slice(i * chunk, (i + 1) * chunk))));
}

async function main() {
  await withBenchTable(async (t) => {
    const views = createCustomerViewStore(t);
    const filters = Object.entries(QUERIES).map(([name, q]) => [name, companyViewFilter(q, NOW) as ViewFilter] as const);
    const spaces: Record<number, string> = {};
    for (const size of [SMALL, LARGE]) {
      const space = `bench-views-${size}-${Date.now().toString(36)}`;
      const started = performance.now();
      await seed(t, seedItems(space, size));
      console.log(`seeded ${size} companies in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const [, f] of filters) await views.listCompanies(space, f, { limit: 25 });
      spaces[size] = space;
    }
    // Both Spaces interleaved, run by run: a loaded machine slows both alike.
    const times: Record<number, Record<string, number[]>> = { [SMALL]: {}, [LARGE]: {} };
    for (let run = 0; run < RUNS; run++) {
      for (const size of [SMALL, LARGE]) {
        for (const [name, f] of filters) {
          const t0 = performance.now();
          const page = await views.listCompanies(spaces[size]!, f, { limit: 25 });
          (times[size]![name] ??= []).push(performance.now() - t0);
          if (page.items.length !== 25) throw new Error(`${name}: ${page.items.length} companies on the first page`);
        }
      }
    }
    const results: Record<number, { p50: number; p95: number; byQuery: Record<string, number> }> = {};
    for (const size of [SMALL, LARGE]) {
      const all = Object.values(times[size]!).flat().sort((a, b) => a - b);
      const byQuery = Object.fromEntries(Object.entries(times[size]!).map(([name, ms]) => [name, percentile(ms.sort((a, b) => a - b), 95)]));
      results[size] = { p50: percentile(all, 50), p95: percentile(all, 95), byQuery };
      console.log(`${size} companies: p50 ${results[size].p50.toFixed(2)} ms, p95 ${results[size].p95.toFixed(2)} ms over ${all.length} first pages of 25`);
    }
    const small = results[SMALL]!;
    const large = results[LARGE]!;
    for (const name of Object.keys(QUERIES)) {
      console.log(`  ${name.padEnd(20)} p95 ${small.byQuery[name]!.toFixed(2)} → ${large.byQuery[name]!.toFixed(2)} ms (× ${(large.byQuery[name]! / small.byQuery[name]!).toFixed(2)})`);
    }
    console.log(`ratio ${LARGE}/${SMALL}: p50 ${(large.p50 / small.p50).toFixed(2)}, p95 ${(large.p95 / small.p95).toFixed(2)} (target ≤ 1.5)`);
  });
}

await main();
