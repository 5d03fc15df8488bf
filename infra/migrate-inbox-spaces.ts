import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Queue } from '../shared/adapters/queue/sqs-queue.js';
import { ensureInboxMigration } from '../shared/deps/inbox-migration-job.js';
import type { LinkJob } from '../shared/domain/threads/pipeline-jobs.js';
import type { TableRef } from '../shared/store/dynamo.js';
import { inboxCountsKey, spacePrefix } from '../shared/store/keys.js';

/**
 * Every Space with an inbox whose move to the state facets is not done. There is no list of
 * Spaces, so this is a Scan: the whole table read once, page by page, keeping only inbox counts
 * items. It lives here, beside the one-off script, because no request path may Scan.
 */
async function* spacesToMigrate(t: TableRef): AsyncGenerator<string> {
  const counts = inboxCountsKey('x');
  const suffix = String(counts.pk).slice(spacePrefix('x').length);
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await t.client.send(new ScanCommand({
      TableName: t.table, ProjectionExpression: 'pk', ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      FilterExpression: 'sk = :sk AND (attribute_not_exists(stateMigration) OR stateMigration <> :done)',
      ExpressionAttributeValues: { ':sk': counts.sk, ':done': 'done' },
    }));
    for (const item of out.Items ?? []) {
      const pk = String(item.pk);
      if (pk.startsWith(spacePrefix('')) && pk.endsWith(suffix)) yield pk.slice(spacePrefix('').length, pk.length - suffix.length);
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}

/**
 * Starts the move in every Space that has not finished it, as its first inbox read would (a Space
 * already running is left to its job, or restarted if that job was lost). Returns the Spaces seen.
 */
export async function startAllInboxMigrations(t: TableRef, linkQueue: Queue<LinkJob>, input: Parameters<typeof ensureInboxMigration>[3]): Promise<string[]> {
  const spaces: string[] = [];
  for await (const spaceId of spacesToMigrate(t)) {
    await ensureInboxMigration(t, linkQueue, spaceId, input);
    spaces.push(spaceId);
  }
  return spaces;
}
