import { describe, expect, it } from 'vitest';
import { batchWrite } from '../../../shared/store/batch.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { mergePartitions, type MergeSpec } from '../../../shared/store/merge-partitions.js';
import { newSpaceId } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

const at = (i: number) => new Date(Date.parse('2026-10-01T00:00:00Z') + i * 60_000).toISOString();

/**
 * 60 records spread over 5 partitions; each record also has a stale copy (same sort key) in the
 * partition after its own, as a state change in flight leaves it. Only the copy in the record's
 * own partition is accepted.
 */
async function seed(): Promise<{ partitions: string[]; home: Map<string, string>; sks: string[] }> {
  const space = newSpaceId();
  const partitions = Array.from({ length: 5 }, (_, p) => `space#${space}#merge#${p}`);
  const home = new Map<string, string>();
  const items = Array.from({ length: 60 }, (_, i) => {
    const sk = `${at((i * 37) % 60)}#r${i}`;
    const own = partitions[(i * 7) % 5]!;
    home.set(sk, own);
    return [{ pk: own, sk }, { pk: partitions[((i * 7) % 5 + 1) % 5]!, sk }];
  }).flat();
  await batchWrite(defaultTable(), items.map((k) => ({ ...k, entity: 'merge-test' })));
  return { partitions, home, sks: [...home.keys()].sort().reverse() };
}

async function readAll(spec: Omit<MergeSpec<string>, 'before'>): Promise<{ found: string[]; pages: number }> {
  const found: string[] = [];
  let before: string | undefined;
  let pages = 0;
  do {
    const page = await mergePartitions(defaultTable(), { ...spec, ...(before !== undefined ? { before } : {}) });
    found.push(...page.items);
    before = page.lastSk;
    pages++;
  } while (before !== undefined && pages < 200);
  return { found, pages };
}

describe('merging partitions newest first (DynamoDB Local)', () => {
  it('lists every accepted record once, in sort-key order, whatever the page size and examined cap', async () => {
    useLocalStackEnv();
    const { partitions, home, sks } = await seed();
    const base = { partitions, hydrate: async (items: Record<string, unknown>[]) => items.map((i) => String(i.sk)), accept: (sk: string, item: Record<string, unknown>) => home.get(sk) === item.pk };

    for (const [limit, maxExamined] of [[1, 500], [7, 500], [25, 500], [100, 500], [5, 3], [3, 1]] as const) {
      const { found, pages } = await readAll({ ...base, limit, maxExamined });

      expect(found, `limit ${limit}, examined ${maxExamined}`).toEqual(sks);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(60 / limit));
    }
  });

  it('keeps to an inclusive date range across pages', async () => {
    useLocalStackEnv();
    const { partitions, home, sks } = await seed();
    const from = at(10);
    const to = `${at(20)}~`;

    const { found } = await readAll({
      partitions, limit: 4, maxExamined: 500, from, to,
      hydrate: async (items) => items.map((i) => String(i.sk)), accept: (sk, item) => home.get(sk) === item.pk,
    });

    expect(found).toEqual(sks.filter((sk) => sk >= from && sk <= to));
    expect(found).toHaveLength(11);
  });
});
