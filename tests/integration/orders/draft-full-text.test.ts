import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Blobs } from '../../../shared/adapters/blobs/s3-blobs.js';
import { requireEnv } from '../../../shared/config/config.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { messageKey } from '../../../shared/store/keys.js';
import type { FakeStripe } from '../../support/fake-stripe.js';
import { callOrders, seedSpace, startOrderHarness, WIDGET_ID } from './order-fixtures.js';

let stripe: FakeStripe;
beforeAll(async () => ({ stripe } = await startOrderHarness()));
afterAll(async () => stripe.stop());

describe('POST /messages/{id}/draft-order on a message whose item keeps only the start of the text', () => {
  it('reads the order lines past the inline text from the parsed blob', async () => {
    const seed = await seedSpace();
    const t = defaultTable();
    const full = `Hello,\n${'Some long introduction. '.repeat(80)}\nPlease bill me for 7 Large Black Widgets.`;
    await createS3Blobs(requireEnv('mailBucket')).put(`parsed/${seed.messageId}`, JSON.stringify({ mail: { text: full } }), 'application/json');
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: messageKey(seed.spaceId, seed.messageId),
      UpdateExpression: 'SET #text = :start, textTruncated = :t', ExpressionAttributeNames: { '#text': 'text' },
      ExpressionAttributeValues: { ':start': full.slice(0, 200), ':t': true },
    }));

    const reply = await callOrders(seed.spaceId, 'POST /messages/{id}/draft-order', { pathParameters: { id: seed.messageId } });

    expect(reply.statusCode).toBe(200);
    expect(reply.json).toMatchObject({ lines: [expect.objectContaining({ productId: WIDGET_ID, quantity: 7 })] });
  });
});
