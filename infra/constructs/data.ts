import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE } from '../../shared/config/names.js';

export interface DataProps {
  /** Refuse DeleteTable calls on the table. @default true */
  readonly deletionProtection?: boolean;
  /** What happens to the table, key and buckets when they leave the stack. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Keep every version of mail objects (noncurrent ones expire after 30 days). @default true */
  readonly versionedMail?: boolean;
  /** Days before mail objects move to S3 Standard-IA. @default 30 */
  readonly infrequentAccessAfterDays?: number;
  /** Days the bucket access logs are kept. @default 365 */
  readonly accessLogRetentionDays?: number;
}

/**
 * Key administration without use: what CDK grants key admins (manage, rotate, schedule deletion,
 * change the policy), so the account can always repair the policy but decrypts nothing through it.
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*',
  'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/** Where Mailbridge keeps state: the single table, the mailbox-secret key and the mail bucket. */
export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly mailboxKey: kms.Key;
  readonly mailBucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataProps = {}) {
    super(scope, id);
    // Log delivery through a bucket policy, not ACLs (which BUCKET_OWNER_ENFORCED disables), whatever
    // the app's feature flags say.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.table = createTable(this, removalPolicy, props.deletionProtection ?? true);
    this.mailboxKey = new kms.Key(this, 'MailboxKey', {
      description: 'Wraps the data keys that encrypt IMAP mailbox passwords (context: space, mailbox)',
      enableKeyRotation: true,
      removalPolicy,
      // The account administers the key; only the roles access.ts names in this policy may use it.
      policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({
        sid: 'AdministerByAccount', principals: [new iam.AccountRootPrincipal()], actions: KEY_ADMIN_ACTIONS, resources: ['*'],
      })] }),
    });
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays ?? 365) }],
    });
    // Logging the log bucket into itself would log its own log deliveries, forever.
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the server access log destination of the mail bucket; it is not logged itself.',
    });
    this.mailBucket = createMailBucket(this, props, removalPolicy, this.accessLogBucket);
  }
}

const createTable = (scope: Construct, removalPolicy: RemovalPolicy, deletionProtection: boolean) => {
  const table = new dynamodb.Table(scope, 'Table', {
    partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: TABLE.ttlAttribute,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    deletionProtection,
    removalPolicy,
  });
  for (const index of TABLE.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
};

const createMailBucket = (
  scope: Construct,
  props: DataProps,
  removalPolicy: RemovalPolicy,
  accessLogBucket: s3.IBucket,
) => {
  const versioned = props.versionedMail ?? true;
  return new s3.Bucket(scope, 'MailBucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned,
    removalPolicy,
    serverAccessLogsBucket: accessLogBucket,
    serverAccessLogsPrefix: 'mail-bucket/',
    lifecycleRules: [
      {
        id: 'abort-incomplete-uploads',
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
      {
        id: 'raw-mail-to-infrequent-access',
        transitions: [
          {
            storageClass: s3.StorageClass.INFREQUENT_ACCESS,
            transitionAfter: Duration.days(props.infrequentAccessAfterDays ?? 30),
          },
        ],
        ...(versioned ? { noncurrentVersionExpiration: Duration.days(30) } : {}),
      },
    ],
  });
};
