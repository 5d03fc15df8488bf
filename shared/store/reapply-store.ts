import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReapplyJobs, ReapplyJobState, ReapplyRulesDeps, ReapplyThread } from '../domain/rules/reapply-rules.js';
import type { PrivacyLevel } from '../domain/rules/mail-privacy.js';
import { batchWrite } from './batch.js';
import type { TableRef } from './dynamo.js';
import { reindexThread } from './inbox-index.js';
import { addressMessageKey, messageKey, rulesJobKey, threadKey } from './keys.js';
import { keepHeadersOnly } from './headers-only.js';
import { createThreadHiding } from './thread-hiding.js';
import { createThreadStore } from './thread-store.js';
import { isConditionFailure, itemDoesNotExist } from './transact.js';

/** Jobs are kept a year for their audit trail's sake, then TTL removes them. */
const KEEP_SECONDS = 365 * 24 * 3600;
const ENTITY = 'reapply-job';
// Several of these words are reserved in DynamoDB expressions.
const NAMES = {
  '#sc': 'scanned', '#hi': 'hiddenThreads', '#sh': 'shownThreads', '#un': 'unlinkedMessages', '#pv': 'privateThreads', '#rl': 'relinkedMessages', '#um': 'unmarkedThreads', '#ho': 'headersOnlyMessages',
  '#cu': 'cursor', '#st': 'status', '#sa': 'startedAt', '#fi': 'finishedAt', '#pr': 'previous', '#ta': 'attempts', '#le': 'lastError',
};
const OPEN = { ':q': 'queued', ':r': 'running' };

// Jobs stored before the relink and unmark counts had none.
const fromItem = ({ pk: _p, sk: _s, entity: _e, v: _v, expiresAt: _x, attempts: _a, lastError: _l, ...rest }: Record<string, unknown>) =>
  ({ relinkedMessages: 0, unmarkedThreads: 0, headersOnlyMessages: 0, ...rest }) as unknown as ReapplyJobState;

/** Re-apply jobs: one item each (beside the blocklist jobs, told apart by entity), the cursor moved by conditional updates. */
export const createReapplyJobs = (t: TableRef): ReapplyJobs & { open(job: ReapplyJobState): Promise<ReapplyJobState> } => ({
  /** Opens a job once; the same id again (a retried request) answers the job already there. */
  async open(job) {
    try {
      await t.client.send(new PutCommand({
        TableName: t.table, ConditionExpression: itemDoesNotExist,
        Item: { ...rulesJobKey(job.spaceId, job.jobId), entity: ENTITY, v: 1, ...job, expiresAt: Math.floor(Date.parse(job.requestedAt) / 1000) + KEEP_SECONDS },
      }));
      return job;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.get(job.spaceId, job.jobId))!;
    }
  },

  async get(spaceId, jobId) {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: rulesJobKey(spaceId, jobId), ConsistentRead: true }));
    return out.Item?.entity === ENTITY ? fromItem(out.Item) : undefined;
  },

  async advance(spaceId, jobId, from, next, add, at) {
    const sets = ['#sc = #sc + :s', '#hi = #hi + :h', '#sh = #sh + :w', '#un = #un + :u', '#pv = #pv + :p', '#sa = if_not_exists(#sa, :at)',
      '#rl = if_not_exists(#rl, :zero) + :rl', '#um = if_not_exists(#um, :zero) + :um', '#ho = if_not_exists(#ho, :zero) + :ho',
      '#st = :to', ...(next ? ['#cu = :next'] : ['#fi = :at']), ...(from ? ['#pr = :from'] : [])];
    // A step that moves the cursor on starts the next one's delivery count afresh.
    const removes = [...(next ? [] : ['#cu']), ...(from ? [] : ['#pr']), '#ta', '#le'];
    try {
      await t.client.send(new UpdateCommand({
        TableName: t.table, Key: rulesJobKey(spaceId, jobId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: `${from ? '#cu = :from' : 'attribute_not_exists(#cu)'} AND #st IN (:q, :r)`,
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: {
          ':s': add.scanned, ':h': add.hiddenThreads, ':w': add.shownThreads, ':u': add.unlinkedMessages, ':p': add.privateThreads,
          ':rl': add.relinkedMessages, ':um': add.unmarkedThreads, ':ho': add.headersOnlyMessages, ':zero': 0,
          ':at': at, ':to': next ? 'running' : 'done', ...OPEN, ...(next ? { ':next': next } : {}), ...(from ? { ':from': from } : {}),
        },
      }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  async countAttempt(spaceId, jobId, cursor) {
    try {
      const out = await t.client.send(new UpdateCommand({
        TableName: t.table, Key: rulesJobKey(spaceId, jobId), UpdateExpression: 'ADD #ta :one',
        ConditionExpression: `${atCursor(cursor)} AND #st IN (:q, :r)`, ReturnValues: 'ALL_NEW',
        ExpressionAttributeNames: { '#ta': 'attempts', '#cu': 'cursor', '#st': 'status' },
        ExpressionAttributeValues: { ':one': 1, ...OPEN, ...(cursor ? { ':c': cursor } : {}) },
      }));
      const item = out.Attributes ?? {};
      return { attempt: Number(item.attempts ?? 1), ...(typeof item.lastError === 'string' ? { lastError: item.lastError } : {}) };
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  },

  async noteFailure(spaceId, jobId, cursor, error) {
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: rulesJobKey(spaceId, jobId), UpdateExpression: 'SET #le = :e',
      ConditionExpression: `${atCursor(cursor)} AND #st IN (:q, :r)`,
      ExpressionAttributeNames: { '#le': 'lastError', '#cu': 'cursor', '#st': 'status' },
      ExpressionAttributeValues: { ':e': error, ...OPEN, ...(cursor ? { ':c': cursor } : {}) },
    })).catch((e: unknown) => { if (!isConditionFailure(e)) throw e; });
  },

  async fail(spaceId, jobId, error, at) {
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: rulesJobKey(spaceId, jobId),
      UpdateExpression: 'SET #st = :f, #fi = :at, #er = :e REMOVE #cu, #pr', ConditionExpression: '#st IN (:q, :r)',
      ExpressionAttributeNames: { '#st': 'status', '#fi': 'finishedAt', '#er': 'error', '#cu': 'cursor', '#pr': 'previous' },
      ExpressionAttributeValues: { ':f': 'failed', ':at': at, ':e': error, ...OPEN },
    })).catch((e: unknown) => { if (!isConditionFailure(e)) throw e; });
  },
});

/** The job is still at this step's cursor (the first step has none). */
const atCursor = (cursor: string | undefined) => (cursor ? '#cu = :c' : 'attribute_not_exists(#cu)');

const levelsOf = (v: unknown): PrivacyLevel[] => (v instanceof Set ? [...v as Set<PrivacyLevel>] : []);

/** The thread writes of the re-apply job: the blocklist's soft delete, private marks, thread links, the address index. */
export const createReapplyThreads = (t: TableRef): ReapplyRulesDeps['threads'] & Pick<ReapplyRulesDeps['addressIndex'], 'removeAddressMessages'> => {
  const hiding = createThreadHiding(t);
  return {
    ...hiding,
    async pageThreads(spaceId, limit, startKey) {
      const page = await hiding.pageThreadItems(spaceId, limit, startKey);
      return {
        items: page.items.map(({ thread, item }): ReapplyThread => ({ ...thread, lastMessageAt: String(item.lastMessageAt ?? ''), ruleLevels: levelsOf(item.privacyLevels) })),
        ...(page.lastKey ? { lastKey: page.lastKey } : {}),
      };
    },

    async setMessagePrivacy(spaceId, messageId, level) {
      await t.client.send(new UpdateCommand({
        TableName: t.table, Key: messageKey(spaceId, messageId), UpdateExpression: level ? 'SET privacy = :l' : 'REMOVE privacy',
        ConditionExpression: 'attribute_exists(pk)', ...(level ? { ExpressionAttributeValues: { ':l': level } } : {}),
      }));
    },

    async setRuleLevels(spaceId, threadId, levels, messageCount) {
      try {
        await t.client.send(new UpdateCommand({
          TableName: t.table, Key: threadKey(spaceId, threadId),
          UpdateExpression: `${levels.length > 0 ? 'SET privacyLevels = :set ' : 'REMOVE privacyLevels '}ADD rev :one`,
          ConditionExpression: 'attribute_exists(pk) AND size(messageIds) = :n',
          ExpressionAttributeValues: { ':one': 1, ':n': messageCount, ...(levels.length > 0 ? { ':set': new Set(levels) } : {}) },
        }));
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
      await reindexThread(t, spaceId, threadId);
      return true;
    },

    removeThreadLinks: (spaceId, threadId, owner) => createThreadStore(t).removeThreadLinks(spaceId, threadId, owner),
    keepHeadersOnly: (m, reasons) => keepHeadersOnly(t, m, reasons),

    async removeAddressMessages(spaceId, addresses, date, messageId) {
      await batchWrite(t, [], addresses.map((a) => addressMessageKey(spaceId, a, date, messageId)));
    },
  };
};
