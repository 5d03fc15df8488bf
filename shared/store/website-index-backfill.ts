import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { websiteDomainOf } from '../domain/companies/website.js';
import { batchWrite } from './batch.js';
import type { TableRef } from './dynamo.js';
import { companyListPartition, companyWebsiteKey, websiteIndexBackfillKey } from './keys.js';

/** Spaces this container knows are indexed: the marker is read once per Space and container. */
const indexed = new Set<string>();

/** Puts the website index item of every company of the Space that has a website (live and archived). Idempotent. */
async function indexSpace(t: TableRef, spaceId: string): Promise<number> {
  let written = 0;
  for (const bucket of ['live', 'archived'] as const) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await t.client.send(new QueryCommand({
        TableName: t.table, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': companyListPartition(spaceId, bucket) }, Limit: 100, ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }));
      const items = (out.Items ?? []).flatMap((c) => {
        const domain = websiteDomainOf(typeof c.website === 'string' ? c.website : undefined);
        return domain && !c.mergedInto ? [{ ...companyWebsiteKey(spaceId, domain, String(c.id)), entity: 'company-website', v: 1, domain, companyId: String(c.id) }] : [];
      });
      await batchWrite(t, items);
      written += items.length;
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }
  return written;
}

/**
 * Companies saved before the website index existed have no index item until they are saved again.
 * The first website lookup in a Space indexes all of its companies once, then writes a marker so
 * no later lookup does it again. Two first lookups at once both index (the same items, harmless);
 * an index item left behind by a website changed meanwhile is ignored by the lookup, which checks
 * the company's current website.
 */
export async function ensureWebsiteIndex(t: TableRef, spaceId: string, now: () => Date = () => new Date()): Promise<void> {
  if (indexed.has(spaceId)) return;
  const marker = await t.client.send(new GetCommand({ TableName: t.table, Key: websiteIndexBackfillKey(spaceId) }));
  if (!marker.Item) {
    const companies = await indexSpace(t, spaceId);
    await t.client.send(new PutCommand({
      TableName: t.table, Item: { ...websiteIndexBackfillKey(spaceId), entity: 'website-index-backfill', v: 1, at: now().toISOString(), companies },
    }));
  }
  indexed.add(spaceId);
}

/** Whether the Space's website index is complete (its marker is there). Reads only. */
export async function websiteIndexComplete(t: TableRef, spaceId: string): Promise<boolean> {
  if (indexed.has(spaceId)) return true;
  const marker = await t.client.send(new GetCommand({ TableName: t.table, Key: websiteIndexBackfillKey(spaceId) }));
  if (marker.Item) indexed.add(spaceId);
  return !!marker.Item;
}

/**
 * The live, unmerged companies of a Space not yet indexed, by website domain, read from the company
 * list without writing anything: what the index would hold once backfilled. Ids in index order.
 */
export async function websitesWithoutIndex(t: TableRef, spaceId: string): Promise<Map<string, string[]>> {
  const byDomain = new Map<string, string[]>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await t.client.send(new QueryCommand({
      TableName: t.table, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': companyListPartition(spaceId, 'live') }, Limit: 100, ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }));
    for (const c of out.Items ?? []) {
      const domain = websiteDomainOf(typeof c.website === 'string' ? c.website : undefined);
      if (domain && !c.mergedInto) byDomain.set(domain, [...(byDomain.get(domain) ?? []), String(c.id)].sort());
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return byDomain;
}
