import {
  CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient,
  ResourceNotFoundException, UpdateTimeToLiveCommand, waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient,
} from '@aws-sdk/client-sqs';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { QUEUES, TABLE, visibilityTimeoutFor, type QueueId } from '../../shared/config/names.js';

/** Local resource names: the stack prefixes the same base names, local mode uses them as is. */
export const LOCAL_TABLE_NAME = TABLE.logicalName;
export const LOCAL_BUCKET_NAME = 'mailbridge-mail';

export interface QueueUrls {
  readonly url: string;
  readonly arn: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
  readonly visibilityTimeoutSeconds: number;
}

/** Creates the single table (with its GSIs and TTL) unless it exists; safe to call on every start. */
export async function ensureTable(client: DynamoDBClient, tableName = LOCAL_TABLE_NAME): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
    const keys = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    await client.send(new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keys.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [{ AttributeName: i.partitionKey, KeyType: 'HASH' }, { AttributeName: i.sortKey, KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'ALL' },
      })),
    }));
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  }
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await client.send(new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    }));
  }
}

/** Creates a queue or brings an existing one to the given attributes; resolves its URL and ARN. */
export async function ensureQueue(
  client: SQSClient, name: string, attributes: Record<string, string> = {},
): Promise<{ url: string; arn: string }> {
  let url: string | undefined;
  try {
    url = (await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl;
  } catch {
    // Exists with other attributes (e.g. a changed visibility): converge instead of failing.
    url = (await client.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl;
    if (url !== undefined) await client.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  }
  if (url === undefined) throw new Error(`queue ${name} has no URL`);
  const got = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = got.Attributes?.QueueArn;
  if (arn === undefined) throw new Error(`queue ${name} has no ARN`);
  return { url, arn };
}

/** Creates every queue of QUEUES with its DLQ and redrive policy; `visibilityOverride` shortens tests. */
export async function ensureQueues(
  client: SQSClient, visibilityOverride?: number,
): Promise<Record<QueueId, QueueUrls>> {
  const entries = await Promise.all((Object.keys(QUEUES) as QueueId[]).map(async (id) => {
    const spec = QUEUES[id];
    const visibility = visibilityOverride ?? visibilityTimeoutFor(id);
    const dlq = await ensureQueue(client, spec.dlqName, { MessageRetentionPeriod: String(14 * 24 * 3600) });
    const queue = await ensureQueue(client, spec.name, {
      VisibilityTimeout: String(visibility),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: spec.maxReceiveCount }),
    });
    const urls: QueueUrls = { ...queue, dlqUrl: dlq.url, dlqArn: dlq.arn, visibilityTimeoutSeconds: visibility };
    return [id, urls] as const;
  }));
  return Object.fromEntries(entries) as Record<QueueId, QueueUrls>;
}

/** Creates the mail bucket unless it exists. */
export async function ensureBucket(client: S3Client, bucket = LOCAL_BUCKET_NAME): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
