import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PendingAuthorization, PendingAuthorizationRepo } from '../domain/mailbox/oauth.js';
import type { TableRef } from './dynamo.js';
import { oauthPendingKey } from './keys.js';
import { isConditionFailure, itemDoesNotExist } from './transact.js';

const ENTITY = 'oauth-pending';

/** Pending OAuth2 authorizations: one item each, deleted by the callback that uses it, else by TTL. */
export const createOAuthPendingStore = (t: TableRef): PendingAuthorizationRepo => ({
  async putPending(pending: PendingAuthorization): Promise<void> {
    const expiresAt = Math.ceil(Date.parse(pending.validUntil) / 1000);
    await t.client.send(new PutCommand({
      TableName: t.table, Item: { ...oauthPendingKey(pending.spaceId, pending.nonceHash), entity: ENTITY, v: 1, expiresAt, ...pending },
      ConditionExpression: itemDoesNotExist,
    }));
  },

  /** One conditional delete: a second callback with the same state, or a late one, finds nothing. */
  async takePending(spaceId: string, nonceHash: string, now: Date): Promise<PendingAuthorization | undefined> {
    try {
      const out = await t.client.send(new DeleteCommand({
        TableName: t.table, Key: oauthPendingKey(spaceId, nonceHash),
        ConditionExpression: 'attribute_exists(pk) AND validUntil > :now', ExpressionAttributeValues: { ':now': now.toISOString() },
        ReturnValues: 'ALL_OLD',
      }));
      const { pk: _pk, sk: _sk, entity: _e, v: _v, expiresAt: _x, ...pending } = out.Attributes ?? {};
      return pending as unknown as PendingAuthorization;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  },
});
