/**
 * Customer view filters against Space size: p50/p95 of a first page (25) of the company views
 * (key accounts, a tag, active, potential, dormant 30 days, new this month, last-activity sort, key
 * accounts that are active) and of the contact views (the same plus status, role, level and owner),
 * each on a Space of 2,000 and one of 20,000 records. Printed, never asserted; target
 * p95(20k) / p95(2k) ≤ 1.5. Run: `npm run bench -- customer-views` (BENCH_KIND=company or contact
 * for one kind). Uses BENCH_DYNAMODB_ENDPOINT when set, else starts its own in-memory DynamoDB
 * Local (seeding 20k records, about 150k items, takes a few minutes there).
 */
import { performance } from 'node:perf_hooks';
import { COMPANY_TIERS, type Company } from '../../shared/domain/companies/company.js';
import { CONTACT_ROLES, type Contact } from '../../shared/domain/contacts/contact.js';
import { applyCustomerEvent, emptyStats, type CustomerStats } from '../../shared/domain/customers/customer-stats.js';
import { companyView, contactView, type ViewFilter } from '../../shared/domain/customers/customer-views.js';
import { companyViewFilter, contactViewFilter } from '../../shared/domain/customers/view-filter.js';
import type { ViewKind } from '../../shared/domain/customers/ports.js';
import { batchWrite } from '../../shared/store/batch.js';
import { companyItem } from '../../shared/store/company-store.js';
import { contactItem } from '../../shared/store/contact-items.js';
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
const COMPANY_QUERIES: Record<string, Parameters<typeof companyViewFilter>[0]> = {
  'key accounts': { tier: 'key_account' }, 'tag': { tag: 'tag7' }, 'active': { segment: 'active' }, 'potential': { segment: 'potential' },
  'dormant 30 d': { dormantDays: 30 }, 'new this month': { createdSince: 'this_month' }, 'by last activity': { sort: 'lastActivityAt' },
  'active key accounts': { tier: 'key_account', segment: 'active' },
};
const CONTACT_QUERIES: Record<string, Parameters<typeof contactViewFilter>[0]> = {
  'key accounts': { tier: 'key_account' }, 'tag': { tag: 'tag7' }, 'status potential': { status: 'potential' }, 'active': { segment: 'active' },
  'dormant 30 d': { dormantDays: 30 }, 'new this month': { createdSince: 'this_month' }, 'by last activity': { sort: 'lastActivityAt' },
  'by owner': { ownerId: 'staff-3' }, 'role': { role: 'technical' }, 'level': { level: 'manager' }, 'owner + tag': { ownerId: 'staff-3', tag: 'tag13' },
};
const OWNERS = Array.from({ length: 10 }, (_, i) => `staff-${i}`);
const LEVELS = ['assistant', 'manager', 'director', 'c-level'];

const createdAt = (i: number) => new Date(NOW.getTime() - (i % 20 === 0 ? 0 : 40 + (i % 700)) * DAY).toISOString();
const tierOf = (i: number) => COMPANY_TIERS[i % 10 === 0 ? 3 : i % 3] ?? 'normal';
/** Activity over a year, 2 in 7 paying: the same mix at every size. */
function statsOf(i: number, created: string): CustomerStats {
  const stats = applyCustomerEvent(emptyStats(created), { kind: 'interaction', at: new Date(NOW.getTime() - ((i * 7919) % 365) * DAY).toISOString() });
  return i % 7 < 2 ? applyCustomerEvent(stats, { kind: 'order-paid', at: created, amount: 100, currency: 'EUR', wasOpen: false }) : stats;
}

/** A Space of `size` companies with the same mix at every size: tiers, one of 20 tags, 5 % created this month. */
function companyItems(spaceId: string, size: number): Record<string, unknown>[] {
  return Array.from({ length: size }, (_, i) => {
    const created = createdAt(i);
    const c: Company = {
      id: `C${String(i).padStart(8, '0')}`, spaceId, name: `Company ${i}`, domains: [], tier: tierOf(i),
      tags: [TAGS[i % TAGS.length] as string], ...(i % 2 ? { ownerId: OWNERS[i % OWNERS.length] as string } : {}), customFields: {}, status: 'active', createdAt: created, updatedAt: created, version: 1,
    };
    return [companyItem(c), ...viewSeedItems(spaceId, 'company', c.id, companyView(c, statsOf(i, created))!)];
  }).flat();
}

/** A Space of `size` contacts: the company mix above (tier of their company), plus statuses, roles, levels and 10 owners. */
function contactItems(spaceId: string, size: number): Record<string, unknown>[] {
  return Array.from({ length: size }, (_, i) => {
    const created = createdAt(i);
    const c: Contact = {
      id: `P${String(i).padStart(8, '0')}`, spaceId, name: `Person ${i}`, emails: [`p${i}@bench.example`], phones: [], roles: [CONTACT_ROLES[i % 4]!],
      primaryContact: false, level: LEVELS[i % LEVELS.length]!, tags: [TAGS[i % TAGS.length] as string], ownerId: OWNERS[i % OWNERS.length]!, customFields: {},
      status: (['active', 'active', 'potential', 'dormant'] as const)[i % 4]!, createdAt: created, updatedAt: created, version: 1,
    };
    return [contactItem(c), ...viewSeedItems(spaceId, 'contact', c.id, contactView(c, { tier: tierOf(i) }, statsOf(i, created))!)];
  }).flat();
}

async function seed(t: TableRef, items: Record<string, unknown>[], parallel = 16) {
  const chunk = Math.ceil(items.length / parallel);
  await Promise.all(Array.from({ length: parallel }, (_, i) => batchWrite(t, items.slice(i * chunk, (i + 1) * chunk))));
}

type Lister = (space: string, f: ViewFilter) => Promise<{ items: unknown[] }>;

/** Seeds both sizes of one kind, then times first pages, both Spaces interleaved run by run (a loaded machine slows both alike). */
async function measure(t: TableRef, kind: ViewKind, filters: (readonly [string, ViewFilter])[], list: Lister) {
  const spaces: Record<number, string> = {};
  for (const size of [SMALL, LARGE]) {
    const space = `bench-${kind}-views-${size}-${Date.now().toString(36)}`;
    const started = performance.now();
    await seed(t, (kind === 'company' ? companyItems : contactItems)(space, size));
    console.log(`seeded ${size} ${kind === 'company' ? 'companies' : 'contacts'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const [, f] of filters) await list(space, f);
    spaces[size] = space;
  }
  const times: Record<number, Record<string, number[]>> = { [SMALL]: {}, [LARGE]: {} };
  for (let run = 0; run < RUNS; run++) {
    for (const size of [SMALL, LARGE]) {
      for (const [name, f] of filters) {
        const t0 = performance.now();
        const page = await list(spaces[size]!, f);
        (times[size]![name] ??= []).push(performance.now() - t0);
        if (page.items.length !== 25) throw new Error(`${kind} ${name}: ${page.items.length} records on the first page`);
      }
    }
  }
  const results: Record<number, { p50: number; p95: number; byQuery: Record<string, number> }> = {};
  for (const size of [SMALL, LARGE]) {
    const all = Object.values(times[size]!).flat().sort((a, b) => a - b);
    const byQuery = Object.fromEntries(Object.entries(times[size]!).map(([name, ms]) => [name, percentile(ms.sort((a, b) => a - b), 95)]));
    results[size] = { p50: percentile(all, 50), p95: percentile(all, 95), byQuery };
    console.log(`${size} ${kind} records: p50 ${results[size].p50.toFixed(2)} ms, p95 ${results[size].p95.toFixed(2)} ms over ${all.length} first pages of 25`);
  }
  const small = results[SMALL]!;
  const large = results[LARGE]!;
  for (const [name] of filters) {
    console.log(`  ${name.padEnd(22)} p95 ${small.byQuery[name]!.toFixed(2)} → ${large.byQuery[name]!.toFixed(2)} ms (× ${(large.byQuery[name]! / small.byQuery[name]!).toFixed(2)})`);
  }
  console.log(`${kind} ratio ${LARGE}/${SMALL}: p50 ${(large.p50 / small.p50).toFixed(2)}, p95 ${(large.p95 / small.p95).toFixed(2)} (target ≤ 1.5)`);
}

async function main() {
  const only = process.env.BENCH_KIND;
  await withBenchTable(async (t) => {
    const views = createCustomerViewStore(t);
    if (only !== 'contact') {
      const filters = Object.entries(COMPANY_QUERIES).map(([name, q]) => [name, companyViewFilter(q, NOW) as ViewFilter] as const);
      await measure(t, 'company', filters, (space, f) => views.listCompanies(space, f, { limit: 25 }));
    }
    if (only !== 'company') {
      const filters = Object.entries(CONTACT_QUERIES).map(([name, q]) => [name, contactViewFilter(q, NOW) as ViewFilter] as const);
      await measure(t, 'contact', filters, (space, f) => views.listContacts(space, f, { limit: 25 }));
    }
  });
}

await main();
