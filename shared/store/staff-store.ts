import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../config/names.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { spacePrefix, staffKey } from './keys.js';

export interface StaffMember {
  readonly userId: string;
  readonly email?: string;
  readonly role: Role;
  readonly lastSeenAt: string;
}

const HOUR_MS = 3_600_000;

/** The staff list of a Space, refreshed from API calls. */
export function createStaffStore(t: TableRef = defaultTable()) {
  return {
    /**
     * Records the caller at most once per hour: a conditional put that fails cheaply while the
     * stored lastSeenAt is recent (role or email changes are picked up within the hour).
     */
    async recordStaffSeen(spaceId: string, member: StaffMember): Promise<boolean> {
      const hourAgo = new Date(Date.parse(member.lastSeenAt) - HOUR_MS).toISOString();
      try {
        await t.client.send(new PutCommand({
          TableName: t.table, Item: { ...staffKey(spaceId, member.userId), entity: 'staff', v: 1, ...member },
          ConditionExpression: 'attribute_not_exists(pk) OR lastSeenAt < :hourAgo OR #role <> :role',
          ExpressionAttributeNames: { '#role': 'role' }, ExpressionAttributeValues: { ':hourAgo': hourAgo, ':role': member.role },
        }));
        return true;
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') return false;
        throw err;
      }
    },
    /** One page of the staff seen in the Space, by user id. */
    async listStaff(spaceId: string, limit: number, startKey?: Record<string, unknown>): Promise<{ items: StaffMember[]; lastKey?: Record<string, unknown> }> {
      const res = await t.client.send(new QueryCommand({
        TableName: t.table, KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', Limit: limit,
        ExpressionAttributeValues: { ':p': spacePrefix(spaceId), ':s': 'staff#' }, ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }));
      const items = (res.Items ?? []).map((i) => ({ userId: String(i.userId), role: i.role as Role, lastSeenAt: String(i.lastSeenAt), ...(i.email ? { email: String(i.email) } : {}) }));
      return { items, ...(res.LastEvaluatedKey ? { lastKey: res.LastEvaluatedKey } : {}) };
    },
  };
}
export type StaffStore = ReturnType<typeof createStaffStore>;
