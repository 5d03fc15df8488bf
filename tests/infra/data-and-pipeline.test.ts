import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, POLL_SCHEDULE_MINUTES, QUEUES, SYNC_LIMITS, TABLE, type FunctionName } from '../../shared/config/names.js';
import { synthStack, type SynthesizedStack } from './support/synth-stack.js';
import { actionsOf, functionIds, refId, resourceListOf, resourcesOf, statementsOf } from './support/template-queries.js';

let synth: SynthesizedStack;
beforeAll(() => {
  synth = synthStack();
});

describe('mail pipeline', () => {
  it('gives every work queue a DLQ after 5 receives and a visibility of at least 6 consumer timeouts', () => {
    const queues = resourcesOf(synth.template, 'AWS::SQS::Queue');
    const lambdas = resourcesOf(synth.template, 'AWS::Lambda::Function');
    const mappings = Object.values(resourcesOf(synth.template, 'AWS::Lambda::EventSourceMapping'));

    expect(mappings).toHaveLength(Object.keys(QUEUES).length);
    for (const mapping of mappings) {
      const queue = queues[refId(mapping.Properties.EventSourceArn) ?? ''];
      const consumer = lambdas[refId(mapping.Properties.FunctionName) ?? ''];
      const dlq = queues[refId(queue?.Properties.RedrivePolicy?.deadLetterTargetArn) ?? ''];
      expect(queue?.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
      expect(queue?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * consumer?.Properties.Timeout);
      expect(dlq?.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    }
  });

  it('lets the workers report partial batch failures with the batch size and concurrency of their spec', () => {
    const ids = functionIds(synth.template);

    for (const spec of Object.values(QUEUES)) {
      synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: ids[spec.consumer] },
        BatchSize: spec.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: spec.maxConcurrency },
      });
    }
  });

  it('encrypts every queue and refuses requests without TLS', () => {
    const queues = resourcesOf(synth.template, 'AWS::SQS::Queue');
    const policies = Object.values(resourcesOf(synth.template, 'AWS::SQS::QueuePolicy'));

    for (const [id, queue] of Object.entries(queues)) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      const policy = policies.find((p) => p.Properties.Queues.some((q: unknown) => refId(q) === id));
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
    }
  });

  it('runs the poller on the schedule', () => {
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `rate(${POLL_SCHEDULE_MINUTES} minutes)`,
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionIds(synth.template)['poll-mailboxes'], 'Arn'] } })],
    });
  });
});

describe('functions', () => {
  it('runs each function on nodejs22.x arm64 with the timeout and memory of its spec', () => {
    const lambdas = resourcesOf(synth.template, 'AWS::Lambda::Function');

    for (const [name, id] of Object.entries(functionIds(synth.template))) {
      const spec = FUNCTIONS[name as FunctionName];
      expect(lambdas[id]?.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: spec.timeoutSeconds,
        MemorySize: spec.memoryMb,
      });
    }
  });

  it('hands every function the names and ids it needs, and no secret value', () => {
    const lambdas = Object.values(resourcesOf(synth.template, 'AWS::Lambda::Function'));
    const required = ['TABLE_NAME', 'SYNC_QUEUE_URL', 'PARSE_QUEUE_URL', 'LINK_QUEUE_URL', 'MAIL_BUCKET',
      'MAILBOX_KEY_ID', 'MAIL_FROM', 'PUBLIC_BASE_URL', 'APP_SECRET_ID'];

    for (const fn of lambdas) {
      const env = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(Object.keys(env)).toEqual(expect.arrayContaining(required));
      expect(Object.keys(env)).not.toContain('STRIPE_SECRET_KEY');
      expect(Object.keys(env)).not.toContain('STRIPE_WEBHOOK_SECRET');
    }
  });

  it('sets the mailbox and size caps of SYNC_LIMITS and lets the sync worker requeue deferred and continuing jobs', () => {
    const ids = functionIds(synth.template);
    const env = resourcesOf(synth.template, 'AWS::Lambda::Function')[ids['sync-mailbox']]!.Properties.Environment.Variables as Record<string, unknown>;
    const [syncQueueId] = Object.entries(resourcesOf(synth.template, 'AWS::SQS::Queue')).find(([id]) => id.includes('SyncQueue'))!;
    const sends = statementsOf(synth.template, ids['sync-mailbox'])
      .filter((s) => actionsOf(s).includes('sqs:SendMessage')).flatMap((s) => resourceListOf(s).map(refId));

    expect(env).toMatchObject({ MAX_MAILBOXES_PER_SPACE: String(SYNC_LIMITS.mailboxesPerSpace), SYNC_MAX_MESSAGE_BYTES: String(SYNC_LIMITS.maxMessageBytes) });
    expect(sends).toContain(syncQueueId);
  });

  it('raises an alarm for any message in a DLQ and for any function error', () => {
    const alarms = Object.values(resourcesOf(synth.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const dlqAlarms = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    const errorAlarms = alarms.filter((a) => a.MetricName === 'Errors');

    expect(dlqAlarms).toHaveLength(Object.keys(QUEUES).length);
    expect(errorAlarms).toHaveLength(Object.keys(FUNCTIONS).length);
    for (const alarm of [...dlqAlarms, ...errorAlarms]) {
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Period: 300 });
    }
  });
});

describe('data', () => {
  it('keeps the table on demand with PITR, TTL, the GSIs and deletion protection, retained on delete', () => {
    synth.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
        DeletionProtectionEnabled: true,
        GlobalSecondaryIndexes: TABLE.indexes.map((index) => Match.objectLike({
          IndexName: index.name,
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    });
  });

  it('rotates the mailbox key', () => {
    synth.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('blocks public access, encrypts and demands TLS on every bucket', () => {
    const buckets = resourcesOf(synth.template, 'AWS::S3::Bucket');
    const policies = Object.values(resourcesOf(synth.template, 'AWS::S3::BucketPolicy'));

    for (const [id, bucket] of Object.entries(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toHaveLength(1);
      const policy = policies.find((p) => refId(p.Properties.Bucket) === id);
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
    }
  });

  it('logs mail bucket access and ages mail out of the standard storage class', () => {
    synth.template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          Match.objectLike({
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
          }),
        ]),
      },
    });
  });
});
