import { ENV, SYNC_LIMITS } from '../../shared/config/names.js';
import type { QueueUrls } from './resources.js';
import type { LocalSecrets } from './secrets.js';

export interface LocalEndpoints {
  readonly dynamodb: string;
  readonly sqs: string;
  readonly s3: string;
  readonly ses: string;
}

export interface EnvironmentInput {
  readonly endpoints: LocalEndpoints;
  readonly tableName: string;
  readonly queues: { readonly sync: QueueUrls; readonly parse: QueueUrls; readonly link: QueueUrls };
  readonly bucket: string;
  readonly secrets: LocalSecrets;
  readonly gatewayUrl: string;
  readonly mailFrom?: string;
}

/** The SDK settings every local process needs: endpoints, region, fake keys, s3rver's checksum rules. */
export function sdkEnvironment(endpoints: LocalEndpoints): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    // s3rver accepts only this pair; the other emulators accept any keys.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** The handlers' environment in local mode, keyed by the ENV names the stack also sets. */
export function localEnvironment(input: EnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {
    ...sdkEnvironment(input.endpoints),
    [ENV.stage]: 'local',
    [ENV.tableName]: input.tableName,
    [ENV.syncQueueUrl]: input.queues.sync.url,
    [ENV.parseQueueUrl]: input.queues.parse.url,
    [ENV.linkQueueUrl]: input.queues.link.url,
    [ENV.mailBucket]: input.bucket,
    [ENV.localMasterKeyFile]: input.secrets.masterKeyFile,
    [ENV.mailFrom]: input.mailFrom ?? 'Mailbridge <no-reply@mailbridge.local>',
    [ENV.publicBaseUrl]: input.gatewayUrl,
    [ENV.stripeWebhookSecret]: input.secrets.stripeWebhookSecret,
    [ENV.cursorKey]: input.secrets.cursorKey,
    [ENV.allowPrivateHosts]: 'true',
    [ENV.maxMailboxesPerSpace]: String(SYNC_LIMITS.mailboxesPerSpace),
    [ENV.syncMaxMessageBytes]: String(SYNC_LIMITS.maxMessageBytes),
  };
  // A real Stripe test key from the shell switches payments to Stripe; otherwise the local fake.
  const stripeKey = process.env[ENV.stripeSecretKey];
  if (stripeKey !== undefined && stripeKey !== '') env[ENV.stripeSecretKey] = stripeKey;
  return env;
}
