import { PRIVACY_LEVELS, stricter, type PrivacyLevel } from '../domain/rules/mail-privacy.js';
import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ThreadBySubject } from '../domain/mail/resolve-thread.js';
import { subjectKey } from '../domain/mail/normalize-subject.js';
import type { Page, ThreadContribution, ThreadSummary } from '../domain/threads/ports.js';
import { ThreadDeletedError } from '../domain/threads/thread-errors.js';
import type { TableRef } from './dynamo.js';
import { threadKey, threadsIndex, threadSubjectIndex } from './keys.js';
import { reindexThread } from './inbox-index.js';
import { queryFrom } from './page-through.js';
import { isConditionFailure } from './transact.js';

const MAX_ATTEMPTS = 10;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const setOf = (values: readonly string[]) => (values.length > 0 ? new Set(values) : undefined);
const subjectHash = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
/** Candidates for subject threading: the most recent few are enough (a 14-day window applies). */
const SUBJECT_CANDIDATES = 10;

/** A thread item as a summary (the inbox adds its own fields: inbox-index.ts). */
export const toSummary = (item: Record<string, unknown>): ThreadSummary => ({
  id: String(item.id),
  subject: String(item.subject ?? ''),
  lastMessageAt: String(item.lastMessageAt ?? ''),
  messageCount: Number(item.messageCount ?? 0),
  participants: [...((item.participants as Set<string> | undefined) ?? [])].sort(),
  lastSnippet: String(item.lastSnippet ?? ''),
  ...(item.lastSender ? { lastSender: item.lastSender as ThreadSummary['lastSender'] } : {}),
  ...(item.lastDirection ? { lastDirection: item.lastDirection as 'inbound' | 'outbound' } : {}),
  ...(item.orderId ? { orderId: String(item.orderId) } : {}),
  contactIds: [...((item.contactIds as Set<string> | undefined) ?? [])].sort(),
  companyIds: [...((item.companyIds as Set<string> | undefined) ?? [])].sort(),
  ...privacyOf(item.privacyLevels, item.manualPrivacy),
  ...(item.channel === 'sms' ? { channel: 'sms' as const } : {}),
});

/** The strictest level private mail rules gave the thread's messages, and staff by hand (PATCH /threads/{id}). */
const privacyOf = (levels: unknown, manual: unknown): { privacy?: PrivacyLevel } => {
  const all = [...(levels instanceof Set ? levels as Set<string> : []), ...(typeof manual === 'string' ? [manual] : [])];
  const known = all.filter((l): l is PrivacyLevel => (PRIVACY_LEVELS as readonly string[]).includes(l));
  return known.length === 0 ? {} : { privacy: known.reduce(stricter, 'everything') };
};

/**
 * Thread summaries: one item per thread, listed newest first through GSI1 (access-patterns.md).
 * Every write brings the thread's inbox index up to date through `reindex`; the link worker passes
 * one that gathers a batch's threads and indexes them together (inbox-reindex-batch.ts).
 */
export const createThreadStore = (t: TableRef, reindex: (spaceId: string, threadId: string) => Promise<void> = async (s, id) => { await reindexThread(t, s, id); }) => ({
  /** The latest threads whose first mail had this normalized subject, for subject threading. */
  async findThreadsBySubject(spaceId: string, key: string): Promise<ThreadBySubject[]> {
    if (key === '') return [];
    const out = await t.client.send(new QueryCommand({
      TableName: t.table, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': threadSubjectIndex(spaceId, subjectHash(key), '', '').gsi2pk },
      ScanIndexForward: false, Limit: SUBJECT_CANDIDATES,
    }));
    return (out.Items ?? []).map((item) => ({
      threadId: String(item.id), subjectKey: String(item.subjectKey ?? ''), lastMessageAt: String(item.lastMessageAt ?? ''),
      participants: [...((item.participants as Set<string> | undefined) ?? [])],
    }));
  },

  async getThread(spaceId: string, threadId: string): Promise<ThreadSummary | undefined> {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: threadKey(spaceId, threadId) }));
    return out.Item ? toSummary(out.Item) : undefined;
  },

  /**
   * Adds a message to its thread once (the thread keeps the ids it counted), moving lastMessageAt
   * forward only: read, compute, write conditioned on what was read; concurrent linkers retry.
   * @throws ThreadDeletedError when staff deleted the thread (a message it holds already is indexed again, no error)
   */
  async addToThread(spaceId: string, threadId: string, c: ThreadContribution): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const out = await t.client.send(new GetCommand({
        TableName: t.table, Key: threadKey(spaceId, threadId), ConsistentRead: true,
        ProjectionExpression: 'lastMessageAt, messageIds, deletion',
      }));
      const ids = out.Item?.messageIds as Set<string> | undefined;
      // Indexing again is a no-op when up to date, and finishes a crash's work on redelivery.
      if (ids?.has(c.messageId)) return reindex(spaceId, threadId);
      if (out.Item?.deletion !== undefined) throw new ThreadDeletedError(threadId);
      const seen = out.Item?.lastMessageAt as string | undefined;
      const newest = seen === undefined || c.date >= seen;
      const last = newest ? c.date : seen;
      const sets = ['entity = :entity', 'id = :id', 'subject = if_not_exists(subject, :subject)', 'lastMessageAt = :last', 'gsi1pk = :g1', 'gsi1sk = :g2'];
      // The thread is found by the normalized subject of its first mail (replies normalize alike).
      const bySubject = threadSubjectIndex(spaceId, subjectHash(subjectKey(c.subject)), last, threadId);
      sets.push('gsi2pk = if_not_exists(gsi2pk, :s1)', 'gsi2sk = :s2', 'subjectKey = if_not_exists(subjectKey, :skey)');
      if (newest) sets.push('lastSnippet = :snippet', 'lastSender = :sender', 'lastDirection = :direction');
      // New customer mail is unread, and when it is the latest it reopens a completed thread.
      if (c.direction === 'inbound') sets.push('unread = :true');
      if (c.direction === 'inbound' && newest) sets.push('#status = :open');
      const adds = ['messageCount :one', 'messageIds :mid', 'rev :one'];
      const values: Record<string, unknown> = {
        ':entity': 'thread', ':id': threadId, ':subject': c.subject, ':last': last, ':one': 1, ':mid': new Set([c.messageId]),
        ':g1': threadsIndex(spaceId, last, threadId).gsi1pk, ':g2': threadsIndex(spaceId, last, threadId).gsi1sk,
        ':s1': bySubject.gsi2pk, ':s2': bySubject.gsi2sk, ':skey': subjectKey(c.subject),
        ...(newest ? { ':snippet': c.snippet, ':sender': c.sender, ':direction': c.direction } : {}),
        ...(c.direction === 'inbound' ? { ':true': true } : {}),
        ...(c.direction === 'inbound' && newest ? { ':open': 'open' } : {}),
      };
      if (c.mailboxId) { adds.push('mailboxIds :mbox'); values[':mbox'] = new Set([c.mailboxId]); }
      if (c.privacy) { adds.push('privacyLevels :plv'); values[':plv'] = new Set([c.privacy]); }
      if (c.channel) { sets.push('channel = if_not_exists(channel, :channel)'); values[':channel'] = c.channel; }
      for (const [name, list] of [['participants', c.participants], ['contactIds', c.contactIds], ['companyIds', c.companyIds]] as const) {
        const set = setOf(list);
        if (set) { adds.push(`${name} :${name}`); values[`:${name}`] = set; }
      }
      if (seen !== undefined) values[':mid1'] = c.messageId;
      if (seen !== undefined) values[':seen'] = seen;
      try {
        await t.client.send(new UpdateCommand({
          TableName: t.table, Key: threadKey(spaceId, threadId),
          UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
          ConditionExpression: seen === undefined
            ? 'attribute_not_exists(lastMessageAt)'
            : 'lastMessageAt = :seen AND NOT contains(messageIds, :mid1) AND attribute_not_exists(deletion)',
          ExpressionAttributeValues: values,
          ...(c.direction === 'inbound' && newest ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        }));
        return reindex(spaceId, threadId);
      } catch (error) {
        if (!isConditionFailure(error) || attempt >= MAX_ATTEMPTS) throw error;
        await pause(Math.random() * 30 * attempt);
      }
    }
  },

  /** Adds contacts or companies found later (relink). */
  async addThreadLinks(spaceId: string, threadId: string, contactIds: readonly string[], companyIds: readonly string[]): Promise<void> {
    const adds: string[] = [];
    const values: Record<string, unknown> = {};
    if (contactIds.length) { adds.push('contactIds :c'); values[':c'] = new Set(contactIds); }
    if (companyIds.length) { adds.push('companyIds :co'); values[':co'] = new Set(companyIds); }
    if (adds.length === 0) return;
    const updated = await t.client.send(new UpdateCommand({
      TableName: t.table, Key: threadKey(spaceId, threadId), UpdateExpression: `ADD ${adds.join(', ')}, rev :one`,
      ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ...values, ':one': 1 },
    })).then(() => true, (error: unknown) => { if (!isConditionFailure(error)) throw error; return false; });
    if (updated) await reindex(spaceId, threadId);
  },

  /** Drops a contact or company staff unlinked from the whole thread. */
  async removeThreadLinks(spaceId: string, threadId: string, owner: { kind: 'contact' | 'company'; id: string }): Promise<void> {
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: threadKey(spaceId, threadId),
      UpdateExpression: `DELETE ${owner.kind === 'contact' ? 'contactIds' : 'companyIds'} :o ADD rev :one`,
      ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':o': new Set([owner.id]), ':one': 1 },
    }));
    await reindex(spaceId, threadId);
  },

  async setThreadOrder(spaceId: string, threadId: string, orderId: string): Promise<void> {
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: threadKey(spaceId, threadId), UpdateExpression: 'SET orderId = :o ADD rev :one',
      ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':o': orderId, ':one': 1 },
    })).then(() => reindex(spaceId, threadId), (error: unknown) => { if (!isConditionFailure(error)) throw error; });
  },

  /** Threads of a Space, newest first. */
  async listThreads(spaceId: string, limit: number, startKey?: Record<string, unknown>): Promise<Page<ThreadSummary>> {
    const out = await queryFrom(t, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': threadsIndex(spaceId, '', '').gsi1pk },
      ScanIndexForward: false, Limit: limit, ExclusiveStartKey: startKey,
    }, ['pk', 'sk', 'gsi1pk', 'gsi1sk']);
    return { items: (out.Items ?? []).map(toSummary), ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
  },
});

export type ThreadStore = ReturnType<typeof createThreadStore>;
