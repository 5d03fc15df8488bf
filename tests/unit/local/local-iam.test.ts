import { describe, expect, it } from 'vitest';
import { statementsOf } from '../../../infra/constructs/access-table.js';
import { localAccessArns } from '../../../infra/local/function-host/local-arns.js';
import { firstDenied, iamRequestsOf } from '../../../infra/local/function-host/local-iam.js';

const arns = localAccessArns({
  tableName: 'mailbridge', bucket: 'mailbridge-mail', mailFrom: 'Mailbridge <no-reply@mailbridge.local>', configurationSet: 'mailbridge-local',
  mailboxKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k1',
  appSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:mailbridge-app-LoCaL0',
  queueUrls: { sync: 'http://127.0.0.1:1/123456789012/mailbridge-sync', parse: 'http://127.0.0.1:1/123456789012/mailbridge-parse', link: 'http://127.0.0.1:1/123456789012/mailbridge-link' },
});
const denied = (fn: Parameters<typeof statementsOf>[0], client: string, operation: string, input: Record<string, unknown>) =>
  firstDenied(statementsOf(fn, arns), iamRequestsOf(client, operation, input));
const context = { space: 's1', mailbox: 'm1' };

describe('local IAM: SDK calls checked against the access table', () => {
  it('lets mailboxes-api wrap a data key but never unwrap one', () => {
    expect(denied('mailboxes-api', 'KMSClient', 'GenerateDataKey', { KeyId: arns.mailboxKey, EncryptionContext: context })).toBeUndefined();
    expect(denied('mailboxes-api', 'KMSClient', 'Decrypt', { KeyId: arns.mailboxKey, EncryptionContext: context }))
      .toEqual({ action: 'kms:Decrypt', resource: arns.mailboxKey });
    expect(denied('sync-mailbox', 'KMSClient', 'Decrypt', { KeyId: arns.mailboxKey, EncryptionContext: context })).toBeUndefined();
  });

  it('refuses KMS calls whose encryption context is missing a key or carries another one', () => {
    expect(denied('sync-mailbox', 'KMSClient', 'Decrypt', { KeyId: arns.mailboxKey, EncryptionContext: { space: 's1' } })).toBeDefined();
    expect(denied('sync-mailbox', 'KMSClient', 'Decrypt', { KeyId: arns.mailboxKey, EncryptionContext: { ...context, extra: 'x' } })).toBeDefined();
  });

  it('checks the index of a Query and every item of a transaction', () => {
    expect(denied('poll-mailboxes', 'DynamoDBClient', 'Query', { TableName: 'mailbridge', IndexName: 'gsi1' })).toBeUndefined();
    expect(denied('poll-mailboxes', 'DynamoDBClient', 'PutItem', { TableName: 'mailbridge' })).toEqual({ action: 'dynamodb:PutItem', resource: arns.table });
    const transaction = { TransactItems: [{ Put: { TableName: 'mailbridge' } }, { ConditionCheck: { TableName: 'other-table' } }] };
    expect(denied('contacts-api', 'DynamoDBClient', 'TransactWriteItems', transaction))
      .toEqual({ action: 'dynamodb:ConditionCheckItem', resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/other-table' });
    expect(denied('contacts-api', 'DynamoDBClient', 'BatchWriteItem', { RequestItems: { mailbridge: [], other: [] } })).toBeDefined();
    expect(denied('contacts-api', 'DynamoDBClient', 'Scan', { TableName: 'mailbridge' })).toEqual({ action: 'dynamodb:Scan', resource: arns.table });
  });

  it('maps queue URLs, object keys, the secret and the sender identity to their ARNs', () => {
    expect(denied('contacts-api', 'SQSClient', 'SendMessage', { QueueUrl: 'http://127.0.0.1:1/123456789012/mailbridge-link' })).toBeUndefined();
    expect(denied('contacts-api', 'SQSClient', 'SendMessage', { QueueUrl: 'http://127.0.0.1:1/123456789012/mailbridge-sync' })).toBeDefined();
    expect(denied('link-message', 'S3Client', 'GetObject', { Bucket: 'mailbridge-mail', Key: 'space#s1/raw/x' })).toBeUndefined();
    expect(denied('link-message', 'S3Client', 'PutObject', { Bucket: 'mailbridge-mail', Key: 'space#s1/raw/x' })).toEqual({ action: 's3:PutObject', resource: 'arn:aws:s3:::mailbridge-mail/space#s1/raw/x' });
    expect(denied('poll-mailboxes', 'SecretsManagerClient', 'GetSecretValue', { SecretId: arns.appSecret })).toBeDefined();
    expect(denied('orders-api', 'SESClient', 'SendEmail', { Source: 'Mailbridge <no-reply@mailbridge.local>' })).toBeUndefined();
    expect(denied('orders-api', 'SESClient', 'SendEmail', { Source: 'ceo@elsewhere.example' })).toBeDefined();
    expect(denied('settings-api', 'SESClient', 'SendEmail', { Source: 'no-reply@mailbridge.local' })).toBeDefined();
  });

  it('authorizes a send that names a configuration set on the set as well as on the identity', () => {
    const send = (configurationSet?: string) => ({ Source: 'no-reply@mailbridge.local', ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}) });

    expect(denied('orders-api', 'SESClient', 'SendRawEmail', send('mailbridge-local'))).toBeUndefined();
    expect(denied('orders-api', 'SESClient', 'SendRawEmail', send('someone-elses')))
      .toEqual({ action: 'ses:SendRawEmail', resource: 'arn:aws:ses:us-east-1:123456789012:configuration-set/someone-elses' });
    expect(denied('mail-api', 'SESv2Client', 'SendEmail', { FromEmailAddress: 'no-reply@mailbridge.local', ConfigurationSetName: 'mailbridge-local' })).toBeUndefined();
    expect(denied('ses-notifications', 'SESClient', 'SendRawEmail', send('mailbridge-local'))).toBeDefined();
  });
});
