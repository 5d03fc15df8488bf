import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError, VersionMismatchError } from '../domain/errors.js';
import type { MailboxPatch, MailboxRecord, MailboxRepo } from '../domain/mailbox/mailbox-record.js';
import type { SealedSecret } from '../domain/mailbox/ports.js';
import type { ConnectedMailbox } from '../domain/mailbox/report-stalled.js';
import type { TableRef } from './dynamo.js';
import type { AuditEntry } from '../domain/audit/audit-entry.js';
import type { SetMailboxSmtpDeps, SmtpChange } from '../domain/mailbox/set-mailbox-smtp.js';
import { putAudit } from './audit-store.js';
import { batchWrite } from './batch.js';
import { MailboxLimitError } from '../domain/mailbox/mailbox-errors.js';
import { connectedMailboxIndex, mailboxCountKey, mailboxKey, mailboxLeaseKey, spacePrefix } from './keys.js';
import { isConditionFailure, itemDoesNotExist, onTable, transact } from './transact.js';

const ENTITY = 'mailbox';
/** The sync state items (lease, folder cursors) of one mailbox: its own small partition. */
async function syncStateItems(t: TableRef, spaceId: string, id: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await t.client.send(new QueryCommand({
      TableName: t.table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': mailboxLeaseKey(spaceId, id).pk },
      ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}),
    }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const strip = (item: Record<string, unknown>): MailboxRecord => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, entity: _e, v: _v, ...rest } = item;
  // Mailboxes stored before settings were versioned are at version 1.
  return { ...rest, version: Number(rest.version ?? 1) } as unknown as MailboxRecord;
};

/** The version condition of a settings change; an unversioned (older) item counts as version 1. */
const versionIs = (expected: number) => (expected === 1
  ? 'attribute_exists(pk) AND (version = :expected OR attribute_not_exists(version))'
  : 'attribute_exists(pk) AND version = :expected');

/** The mailbox table access: one item per mailbox in the Space partition (access-patterns.md). */
export const createMailboxStore = (t: TableRef): MailboxRepo & SetMailboxSmtpDeps['mailboxes'] & { listConnectedMailboxes(): Promise<ConnectedMailbox[]> } => ({
  /**
   * Creates the mailbox (connected on GSI1 unless paused) and counts it, in one transaction, so
   * concurrent creates cannot pass `limit`. @throws MailboxLimitError when the Space is at its limit
   */
  async createMailbox(record: MailboxRecord, limit?: number): Promise<void> {
    const index = record.paused ? {} : connectedMailboxIndex(record.spaceId, record.id);
    await transact(t, [
      { action: { Put: {
        TableName: t.table, Item: { ...mailboxKey(record.spaceId, record.id), ...index, entity: ENTITY, v: 1, ...record },
        ConditionExpression: itemDoesNotExist,
      } } },
      { action: { Update: {
        TableName: t.table, Key: mailboxCountKey(record.spaceId),
        UpdateExpression: 'SET entity = :e ADD mailboxes :one',
        ...(limit !== undefined ? { ConditionExpression: 'attribute_not_exists(mailboxes) OR mailboxes < :limit' } : {}),
        ExpressionAttributeValues: { ':e': 'mailbox-count', ':one': 1, ...(limit !== undefined ? { ':limit': limit } : {}) },
      } }, onConditionFailed: () => new MailboxLimitError(limit ?? 0) },
    ]);
  },

  /**
   * How many mailboxes the Space has: the counter kept with each create and delete, or the listed
   * ones when more (mailboxes connected before the counter existed are not in it).
   */
  async countMailboxes(spaceId: string): Promise<number> {
    const [counter, listed] = await Promise.all([
      t.client.send(new GetCommand({ TableName: t.table, Key: mailboxCountKey(spaceId), ConsistentRead: true })),
      t.client.send(new QueryCommand({
        TableName: t.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)', Select: 'COUNT', ConsistentRead: true,
        ExpressionAttributeValues: { ':pk': spacePrefix(spaceId), ':sk': 'mailbox#' },
      })),
    ]);
    return Math.max(Number(counter.Item?.mailboxes ?? 0), listed.Count ?? 0);
  },

  /** @throws NotFoundError when the mailbox is not in this Space. */
  async getMailbox(spaceId: string, id: string): Promise<MailboxRecord> {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: mailboxKey(spaceId, id), ConsistentRead: true }));
    if (!out.Item) throw new NotFoundError('mailbox', id);
    return strip(out.Item);
  },

  async listMailboxes(spaceId: string): Promise<MailboxRecord[]> {
    const out = await t.client.send(new QueryCommand({
      TableName: t.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': spacePrefix(spaceId), ':sk': 'mailbox#' },
    }));
    return (out.Items ?? []).map(strip);
  },

  /** Every connected (not paused) mailbox of every Space, for the scheduled fan-out and the stalled check. */
  async listConnectedMailboxes(): Promise<ConnectedMailbox[]> {
    const found: ConnectedMailbox[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await t.client.send(new QueryCommand({
        TableName: t.table, IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': connectedMailboxIndex('x', 'x').gsi1pk },
        ProjectionExpression: 'spaceId, id, createdAt, lastSyncAt, #host', ExpressionAttributeNames: { '#host': 'host' },
        ExclusiveStartKey: start,
      }));
      for (const item of out.Items ?? []) {
        found.push({ spaceId: String(item.spaceId), id: String(item.id), createdAt: String(item.createdAt),
          ...(item.lastSyncAt ? { lastSyncAt: String(item.lastSyncAt) } : {}), ...(item.host ? { host: String(item.host) } : {}) });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return found;
  },

  /** Changes settings if still at `expectedVersion`; pausing takes the mailbox out of the fan-out. @throws NotFoundError, VersionMismatchError */
  async patchMailbox(spaceId: string, id: string, patch: MailboxPatch, now: string, expectedVersion: number): Promise<MailboxRecord> {
    const fields: Record<string, unknown> = { ...patch, updatedAt: now, version: expectedVersion + 1 };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    let remove = '';
    if (patch.paused === true) remove = ' REMOVE gsi1pk, gsi1sk';
    if (patch.paused === false) {
      const index = connectedMailboxIndex(spaceId, id);
      Object.assign(values, { ':g1': index.gsi1pk, ':g2': index.gsi1sk });
      sets.push('gsi1pk = :g1', 'gsi1sk = :g2');
    }
    try {
      const out = await t.client.send(new UpdateCommand({
        TableName: t.table, Key: mailboxKey(spaceId, id),
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression: versionIs(expectedVersion),
        ExpressionAttributeNames: names, ExpressionAttributeValues: { ...values, ':expected': expectedVersion }, ReturnValues: 'ALL_NEW',
      }));
      // Resuming forgives earlier UIDVALIDITY resets, or the next poll would pause again at once (I4).
      if (patch.paused === false) await forgiveResets(t, spaceId, id);
      return strip(out.Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await t.client.send(new GetCommand({ TableName: t.table, Key: mailboxKey(spaceId, id), ConsistentRead: true }));
      if (!current.Item) throw new NotFoundError('mailbox', id);
      throw new VersionMismatchError(strip(current.Item).version);
    }
  },

  /**
   * Sets (or with no `smtp`, removes) the mailbox's SMTP settings, and a newly sealed mailbox password, with the audit row in
   * the same transaction, if still at `expectedVersion`. @throws NotFoundError, VersionMismatchError
   */
  async setMailboxSmtp(spaceId: string, id: string, change: SmtpChange, now: string, expectedVersion: number, audit: AuditEntry): Promise<MailboxRecord> {
    const sets = ['updatedAt = :now', 'version = :next', ...(change.smtp ? ['smtp = :smtp'] : []), ...(change.password ? ['password = :p'] : [])];
    await transact(t, onTable(t.table, [
      { action: { Update: {
        TableName: '', Key: mailboxKey(spaceId, id), UpdateExpression: `SET ${sets.join(', ')}${change.smtp ? '' : ' REMOVE smtp'}`,
        ConditionExpression: versionIs(expectedVersion),
        ExpressionAttributeValues: {
          ':now': now, ':next': expectedVersion + 1, ':expected': expectedVersion,
          ...(change.smtp ? { ':smtp': change.smtp } : {}), ...(change.password ? { ':p': change.password } : {}),
        },
      } }, onConditionFailed: (old) => (old ? new VersionMismatchError(strip(old).version) : new NotFoundError('mailbox', id)) },
      putAudit(audit),
    ]));
    return this.getMailbox(spaceId, id);
  },

  /** Deletes the mailbox, then its lease and folder cursors (synced mail stays). @throws NotFoundError */
  async deleteMailbox(spaceId: string, id: string): Promise<void> {
    try {
      await t.client.send(new DeleteCommand({ TableName: t.table, Key: mailboxKey(spaceId, id), ConditionExpression: 'attribute_exists(pk)' }));
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError('mailbox', id);
      throw error;
    }
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: mailboxCountKey(spaceId), UpdateExpression: 'ADD mailboxes :minus',
      ConditionExpression: 'mailboxes > :zero', ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
    })).catch((error: unknown) => { if (!isConditionFailure(error)) throw error; });
    const state = await syncStateItems(t, spaceId, id);
    await batchWrite(t, [], state.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })));
  },

  /** A completed poll: lastSyncAt set, lastError cleared, synced count added. No-op if deleted. */
  async recordSyncSuccess(spaceId: string, id: string, at: string, synced: number): Promise<void> {
    await updateIfExists(t, spaceId, id, 'SET lastSyncAt = :at REMOVE lastError', { ':at': at }, synced);
  },

  /**
   * A failed poll: a short human lastError; `pause` also stops the fan-out; `reauthorize` pauses and
   * marks the OAuth2 mailbox as needing a new authorization. No-op if deleted.
   */
  async recordSyncError(spaceId: string, id: string, message: string, options: { pause?: boolean; synced?: number; reauthorize?: boolean } = {}): Promise<void> {
    const pause = options.pause === true || options.reauthorize === true;
    const sets = ['lastError = :e', ...(pause ? ['paused = :t'] : []), ...(options.reauthorize ? ['needsReauthorization = :t'] : [])];
    const expression = `SET ${sets.join(', ')}${pause ? ' REMOVE gsi1pk, gsi1sk' : ''}`;
    const values: Record<string, unknown> = { ':e': message.slice(0, 300), ...(pause ? { ':t': true } : {}) };
    await updateIfExists(t, spaceId, id, expression, values, options.synced ?? 0);
  },

  /** A rotated refresh token, sealed: replaces the stored secret only (no version change). No-op if deleted. */
  async replaceSecret(spaceId: string, id: string, sealed: SealedSecret): Promise<void> {
    await updateIfExists(t, spaceId, id, 'SET password = :p', { ':p': sealed }, 0);
  },

  async recordGrantedScopes(spaceId: string, id: string, scopes: readonly string[]): Promise<void> {
    try {
      await t.client.send(new UpdateCommand({
        TableName: t.table, Key: mailboxKey(spaceId, id), UpdateExpression: 'SET oauth.scopes = :s',
        ConditionExpression: 'attribute_exists(oauth.provider) AND attribute_not_exists(oauth.scopes)', ExpressionAttributeValues: { ':s': [...scopes] },
      }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },
});

async function forgiveResets(t: TableRef, spaceId: string, id: string): Promise<void> {
  const cursors = (await syncStateItems(t, spaceId, id)).filter((i) => i.entity === 'folder-cursor' && Number(i.resetCount ?? 0) > 0);
  await Promise.all(cursors.map((i) => t.client.send(new UpdateCommand({
    TableName: t.table, Key: { pk: i.pk, sk: i.sk }, UpdateExpression: 'SET resetCount = :z', ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':z': 0 },
  })).catch((error: unknown) => { if (!isConditionFailure(error)) throw error; })));
}

async function updateIfExists(t: TableRef, spaceId: string, id: string, expression: string, values: Record<string, unknown>, synced: number) {
  const add = synced > 0 ? ' ADD messagesSynced :n' : '';
  try {
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: mailboxKey(spaceId, id),
      UpdateExpression: `${expression}${add}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ...values, ...(synced > 0 ? { ':n': synced } : {}) },
    }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export type MailboxStore = ReturnType<typeof createMailboxStore>;
export type { MailboxRecord, MailboxPatch };
