import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SyncCursor } from '../domain/mailbox/plan-sync.js';
import type { TableRef } from './dynamo.js';
import { folderCursorKey, mailboxLeaseKey, syncSlotKey } from './keys.js';
import { isConditionFailure } from './transact.js';


/** Sync state of a mailbox: the lease that keeps one poll at a time, and one cursor per folder. */
export const createMailboxSyncStore = (t: TableRef) => ({
  /**
   * Takes the mailbox's lease unless another holder's has not expired yet (I8). The item also
   * carries a TTL so an abandoned lease is cleaned up. Returns false when held by someone else.
   */
  async acquireLease(spaceId: string, mailboxId: string, owner: string, nowMs: number, ttlMs: number): Promise<boolean> {
    try {
      await t.client.send(new PutCommand({
        TableName: t.table,
        Item: {
          ...mailboxLeaseKey(spaceId, mailboxId), entity: 'mailbox-lease', owner,
          leaseUntil: nowMs + ttlMs, expiresAt: Math.ceil((nowMs + ttlMs) / 1000) + 3600,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now OR #owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': nowMs, ':owner': owner },
      }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  /** Gives the lease back if still ours; never throws for a lease already taken over. */
  async releaseLease(spaceId: string, mailboxId: string, owner: string): Promise<void> {
    try {
      await t.client.send(new DeleteCommand({
        TableName: t.table, Key: mailboxLeaseKey(spaceId, mailboxId),
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },

  /**
   * Takes the first free (or expired) of the Space's `slots` sync slots, so one Space's mailboxes
   * cannot hold every sync worker. Returns the slot number, or undefined when all are held.
   */
  async acquireSpaceSlot(spaceId: string, owner: string, nowMs: number, ttlMs: number, slots: number): Promise<number | undefined> {
    for (let slot = 0; slot < slots; slot++) {
      try {
        await t.client.send(new PutCommand({
          TableName: t.table,
          Item: {
            ...syncSlotKey(spaceId, slot), entity: 'sync-slot', owner,
            leaseUntil: nowMs + ttlMs, expiresAt: Math.ceil((nowMs + ttlMs) / 1000) + 3600,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': nowMs },
        }));
        return slot;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return undefined;
  },

  /** Gives the slot back if still ours. */
  async releaseSpaceSlot(spaceId: string, slot: number, owner: string): Promise<void> {
    try {
      await t.client.send(new DeleteCommand({
        TableName: t.table, Key: syncSlotKey(spaceId, slot),
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },

  async getCursor(spaceId: string, mailboxId: string, folder: string): Promise<SyncCursor | undefined> {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: folderCursorKey(spaceId, mailboxId, folder), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { uidValidity, lastUid, uidNext, highestModseq, resetCount, checkedAt } = out.Item;
    return {
      uidValidity: String(uidValidity), lastUid: Number(lastUid), resetCount: Number(resetCount ?? 0),
      ...(uidNext !== undefined ? { uidNext: Number(uidNext) } : {}),
      ...(highestModseq !== undefined ? { highestModseq: String(highestModseq) } : {}),
      ...(checkedAt !== undefined ? { checkedAt: String(checkedAt) } : {}),
    };
  },

  /** Stores a folder cursor; uidValidity and highestModseq stay decimal strings (BigInt-safe, I5). */
  async putCursor(spaceId: string, mailboxId: string, folder: string, cursor: SyncCursor): Promise<void> {
    await t.client.send(new PutCommand({
      TableName: t.table,
      Item: { ...folderCursorKey(spaceId, mailboxId, folder), entity: 'folder-cursor', folder, ...cursor },
    }));
  },

  async deleteCursor(spaceId: string, mailboxId: string, folder: string): Promise<void> {
    await t.client.send(new DeleteCommand({ TableName: t.table, Key: folderCursorKey(spaceId, mailboxId, folder) }));
  },
});

export type MailboxSyncStore = ReturnType<typeof createMailboxSyncStore>;
