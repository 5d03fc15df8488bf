import { appEnvironment, FUNCTION_NODE_OPTIONS } from '../function-environment.js';
import { ENV, FUNCTIONS, type FunctionName } from '../../shared/config/names.js';
import { LOCAL_REGION } from './function-host/local-arns.js';
import type { QueueUrls } from './resources.js';
import { LOCAL_SES_CONFIGURATION_SET } from './ses-events/ses-events.js';
import { LOCAL_SES_TOPIC_ARN } from './ses-events/local-sns.js';
import type { LocalSecrets } from './secrets.js';

export interface LocalEndpoints {
  readonly dynamodb: string;
  readonly sqs: string;
  readonly s3: string;
  readonly ses: string;
  readonly kms: string;
  readonly secretsManager: string;
}

export interface EnvironmentInput {
  readonly endpoints: LocalEndpoints;
  readonly tableName: string;
  readonly queues: { readonly sync: QueueUrls; readonly parse: QueueUrls; readonly link: QueueUrls };
  readonly bucket: string;
  readonly secrets: LocalSecrets;
  readonly mailboxKeyArn: string;
  readonly appSecretArn: string;
  readonly gatewayUrl: string;
  readonly mailFrom?: string;
  /** Where the twin's SNS serves its signing certificate (SNS_LOCAL_CERT_URL). */
  readonly snsCertUrl?: string;
}

export const LOCAL_MAIL_FROM = 'Mailbridge <no-reply@mailbridge.local>';

/** The SDK settings every local process needs: endpoints, region, fake keys, s3rver's checksum rules. */
export function sdkEnvironment(endpoints: LocalEndpoints): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    // s3rver accepts only this pair; the other emulators accept any keys.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_KMS: endpoints.kms,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

const appValues = (input: EnvironmentInput) => appEnvironment({
  stage: 'local', tableName: input.tableName, mailBucket: input.bucket, mailboxKeyId: input.mailboxKeyArn,
  queueUrls: { sync: input.queues.sync.url, parse: input.queues.parse.url, link: input.queues.link.url },
  mailFrom: input.mailFrom ?? LOCAL_MAIL_FROM, publicBaseUrl: input.gatewayUrl, apiBaseUrl: input.gatewayUrl, appSecretId: input.appSecretArn,
  sesConfigurationSet: LOCAL_SES_CONFIGURATION_SET, sesNotificationTopicArn: LOCAL_SES_TOPIC_ARN,
});

/**
 * What one function process starts with: the stack's environment for every function (the app secret
 * read from the local Secrets Manager, the mailbox key from the local KMS), the variables the Lambda
 * runtime sets, the emulator endpoints, the local-only switch (private IMAP hosts allowed) and the
 * twin's SNS certificate URL.
 * Nothing of the parent's environment leaks in, except log settings and `extra` (extra services).
 */
export function functionEnvironment(fn: FunctionName, input: EnvironmentInput, extra: Record<string, string> = {}): Record<string, string> {
  const passthrough = Object.fromEntries(['POWERTOOLS_LOG_LEVEL', 'AWS_LAMBDA_LOG_LEVEL', 'PATH']
    .flatMap((name) => (process.env[name] !== undefined ? [[name, process.env[name]!]] : [])));
  return {
    ...passthrough,
    ...sdkEnvironment(input.endpoints),
    AWS_LAMBDA_FUNCTION_NAME: `mailbridge-local-${fn}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(FUNCTIONS[fn].memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    // Powertools reports cold_start only for on-demand environments, as Lambda marks them.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    TZ: 'UTC',
    ...appValues(input),
    NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
    [ENV.allowPrivateHosts]: 'true',
    ...(input.snsCertUrl ? { [ENV.snsLocalCertUrl]: input.snsCertUrl } : {}),
    ...extra,
  };
}

/**
 * The environment of the local stack's own process and of tests that call handlers or stores in
 * process: the same names and endpoints, but secrets as plain variables (CURSOR_KEY,
 * STRIPE_WEBHOOK_SECRET) instead of APP_SECRET_ID, so a test can change one for a single call.
 */
export function localEnvironment(input: EnvironmentInput): Record<string, string> {
  const { [ENV.appSecretId]: _secretId, ...app } = appValues(input);
  const env: Record<string, string> = {
    ...sdkEnvironment(input.endpoints),
    ...app,
    [ENV.stripeWebhookSecret]: input.secrets.stripeWebhookSecret,
    [ENV.cursorKey]: input.secrets.cursorKey,
    [ENV.allowPrivateHosts]: 'true',
  };
  const stripeKey = shellStripeKey();
  if (stripeKey !== undefined) env[ENV.stripeSecretKey] = stripeKey;
  return env;
}

/** A real Stripe test key from the shell switches payments to Stripe; otherwise the fake Stripe API. */
export const shellStripeKey = (): string | undefined => {
  const key = process.env[ENV.stripeSecretKey];
  return key !== undefined && key !== '' ? key : undefined;
};

/** The app secret's JSON as the local Secrets Manager serves it (same keys as APP_SECRET_KEYS in the stack). */
export function appSecretJson(secrets: LocalSecrets): Record<string, string> {
  const stripeKey = shellStripeKey();
  return {
    stripeWebhookSecret: secrets.stripeWebhookSecret, cursorKey: secrets.cursorKey,
    ...(stripeKey !== undefined ? { stripeSecretKey: stripeKey } : {}),
  };
}
