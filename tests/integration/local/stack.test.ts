import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { QUEUES, TABLE } from '../../../shared/config/names.js';
import { apiFetch, localStack, useLocalStackEnv } from '../../support/local-stack.js';

describe('the local stack started by globalSetup', () => {
  it('creates the table with TTL enabled on the configured attribute', async () => {
    const stack = useLocalStackEnv();
    const client = new DynamoDBClient({});

    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: stack.tableName }));

    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: TABLE.ttlAttribute });
    client.destroy();
  });

  it('creates every queue with a redrive policy to its DLQ', async () => {
    const stack = useLocalStackEnv();
    const client = new SQSClient({});

    for (const id of ['sync', 'parse', 'link'] as const) {
      const got = await client.send(new GetQueueAttributesCommand({ QueueUrl: stack.queues[id].url, AttributeNames: ['All'] }));
      expect(JSON.parse(got.Attributes?.RedrivePolicy ?? '{}')).toMatchObject({
        deadLetterTargetArn: stack.queues[id].dlqArn, maxReceiveCount: QUEUES[id].maxReceiveCount,
      });
    }
    client.destroy();
  });

  it('serves GET /openapi.json without a token, as the deployed route does', async () => {
    const without = await apiFetch('/openapi.json');
    const withToken = await apiFetch('/openapi.json', { spaceId: 'space-openapi' });

    expect(without.status).toBe(200);
    expect(await without.json()).toMatchObject({ openapi: expect.stringMatching(/^3\.1/) });
    expect(withToken.status).toBe(200);
  });

  it('answers a route behind the authorizer without a token with 401 {"message":"Unauthorized"}, like HTTP API', async () => {
    const without = await apiFetch('/contacts');

    expect(without.status).toBe(401);
    expect(await without.json()).toEqual({ message: 'Unauthorized' });
  });

  it('publishes the local issuer JWKS', async () => {
    const { idp } = localStack();

    const jwks = (await (await fetch(`${idp.issuer}/.well-known/jwks.json`)).json()) as { keys: { kid: string; d?: string }[] };

    expect(jwks.keys.map((k) => k.kid)).toEqual([idp.kid]);
    expect(jwks.keys[0]?.d).toBeUndefined();
  });
});
