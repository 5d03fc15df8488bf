import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BlocklistJobs, BlocklistJobState } from '../domain/rules/apply-blocklist.js';
import type { TableRef } from './dynamo.js';
import { rulesJobKey } from './keys.js';
import { isConditionFailure, itemDoesNotExist } from './transact.js';

/** Jobs are kept a year for their audit trail's sake, then TTL removes them. */
const KEEP_SECONDS = 365 * 24 * 3600;

// Several of these words are reserved in DynamoDB expressions.
const NAMES = { '#sc': 'scanned', '#hi': 'hidden', '#sh': 'shown', '#me': 'messages', '#cu': 'cursor', '#do': 'done', '#fi': 'finishedAt', '#pr': 'previous' };

const fromItem = ({ pk: _p, sk: _s, entity: _e, v: _v, expiresAt: _x, ...rest }: Record<string, unknown>) => rest as unknown as BlocklistJobState;

/** Blocklist jobs: one item each, its cursor moved by conditional updates (access-patterns.md). */
export const createBlocklistJobs = (t: TableRef): BlocklistJobs & { open(job: BlocklistJobState): Promise<void> } => ({
  /** Opens a job once; the same id again (a retried save) is no error. */
  async open(job) {
    await t.client.send(new PutCommand({
      TableName: t.table, ConditionExpression: itemDoesNotExist,
      Item: { ...rulesJobKey(job.spaceId, job.jobId), entity: 'rules-job', v: 1, ...job, expiresAt: Math.floor(Date.parse(job.startedAt) / 1000) + KEEP_SECONDS },
    })).catch((error: unknown) => { if (!isConditionFailure(error)) throw error; });
  },

  async get(spaceId, jobId) {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: rulesJobKey(spaceId, jobId), ConsistentRead: true }));
    return out.Item ? fromItem(out.Item) : undefined;
  },

  async advance(spaceId, jobId, from, next, add, at) {
    const sets = ['#sc = #sc + :s', '#hi = #hi + :h', '#sh = #sh + :w', '#me = #me + :m', ...(next ? ['#cu = :next'] : ['#do = :t', '#fi = :at'])];
    const removes = [...(next ? [] : ['#cu']), ...(from ? [] : ['#pr'])];
    try {
      await t.client.send(new UpdateCommand({
        TableName: t.table, Key: rulesJobKey(spaceId, jobId),
        UpdateExpression: `SET ${[...sets, ...(from ? ['#pr = :from'] : [])].join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: from ? '#cu = :from AND #do = :f' : 'attribute_not_exists(#cu) AND #do = :f',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: {
          ':s': add.scanned, ':h': add.hidden, ':w': add.shown, ':m': add.messages, ':f': false,
          ...(next ? { ':next': next } : { ':t': true, ':at': at }), ...(from ? { ':from': from } : {}),
        },
      }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
});
