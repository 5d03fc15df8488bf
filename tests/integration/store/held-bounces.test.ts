import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { messageClaimKey } from '../../../shared/store/keys.js';
import { CLAIM_LEASE_MS, createMessageStore } from '../../../shared/store/message-store.js';
import { MessageLinkingError } from '../../../shared/domain/threads/thread-errors.js';
import { newSpaceId } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

const t0 = '2026-11-29T10:05:00.000Z';
const later = new Date(Date.parse(t0) + CLAIM_LEASE_MS + 1000).toISOString();
const muchLater = new Date(Date.parse(later) + CLAIM_LEASE_MS + 1000).toISOString();
const bounce = (recipient: string) => ({ recipient, status: '5.1.1', at: '2026-11-29T10:00:00.000Z', reportMessageId: `report-${recipient}` });

describe('bounces held on a message identity (DynamoDB Local)', () => {
  it('hands held bounces to the claim, turns away a second linker within the lease, keeps them for a later claim, and drops the expiry of the claimed item', async () => {
    useLocalStackEnv();
    const t = defaultTable();
    const messages = createMessageStore(t);
    const spaceId = newSpaceId();

    const held = [await messages.holdBounce(spaceId, 'm1', bounce('a@x.example')), await messages.holdBounce(spaceId, 'm1', bounce('b@x.example'))];
    const claim = await messages.claimIdentity(spaceId, 'm1', 'sha-1', t0);
    const second = await messages.claimIdentity(spaceId, 'm1', 'sha-1', t0).catch((error: unknown) => error);
    const retry = await messages.claimIdentity(spaceId, 'm1', 'sha-1', later);
    const other = await messages.claimIdentity(spaceId, 'm1', 'sha-2', later);
    const late = await messages.holdBounce(spaceId, 'm1', bounce('c@x.example'));
    const item = (await t.client.send(new GetCommand({ TableName: t.table, Key: messageClaimKey(spaceId, 'm1') }))).Item;
    // A mail kept out by a rule is claimed and not stored: brought in later, its claim sees the late bounce too.
    const reclaimed = await messages.claimIdentity(spaceId, 'm1', 'sha-1', muchLater);

    expect(held).toEqual([{ state: 'held' }, { state: 'held' }]);
    expect(claim.holder).toBe('sha-1');
    expect(claim.heldBounces.map((b) => b.recipient).sort()).toEqual(['a@x.example', 'b@x.example']);
    expect(second).toBeInstanceOf(MessageLinkingError);
    expect(retry.heldBounces).toHaveLength(2);
    expect(other).toEqual({ holder: 'sha-1', heldBounces: [] });
    expect(late).toEqual({ state: 'claimed', claimedAt: expect.any(String) });
    expect(item?.expiresAt).toBeUndefined();
    expect(reclaimed.heldBounces.map((b) => b.recipient).sort()).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
  });

  it('holds a bounded number of bounces per identity', async () => {
    useLocalStackEnv();
    const messages = createMessageStore(defaultTable());
    const spaceId = newSpaceId();

    const outcomes = [];
    for (let i = 0; i < 21; i++) outcomes.push(await messages.holdBounce(spaceId, 'm2', bounce(`r${i}@x.example`)));

    expect(outcomes.filter((o) => o.state === 'held')).toHaveLength(20);
    expect(outcomes.at(-1)).toEqual({ state: 'full' });
    expect((await messages.claimIdentity(spaceId, 'm2', 'sha', t0)).heldBounces).toHaveLength(20);
  });
});
