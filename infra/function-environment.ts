import { ENV, SYNC_LIMITS, type QueueId } from '../shared/config/names.js';

/** The values behind every function's environment: tokens in the stack, local names in the twin. */
export interface AppEnvironmentValues {
  readonly stage: string;
  readonly tableName: string;
  readonly queueUrls: Readonly<Record<QueueId, string>>;
  readonly mailBucket: string;
  readonly mailboxKeyId: string;
  readonly mailFrom: string;
  readonly publicBaseUrl: string;
  /** The HTTP API's URL (the OAuth2 redirect URI hangs off it). */
  readonly apiBaseUrl: string;
  readonly appSecretId: string;
  /** The SES configuration set every send names (its event destination reports bounces and complaints). */
  readonly sesConfigurationSet: string;
  /** The SNS topic those reports arrive on; the ses-notifications function accepts no other. */
  readonly sesNotificationTopicArn: string;
}

const QUEUE_URL_ENV: Record<QueueId, string> = { sync: ENV.syncQueueUrl, parse: ENV.parseQueueUrl, link: ENV.linkQueueUrl };

/**
 * The environment the stack gives every function (names, URLs, ids; never a secret value). The local
 * twin starts each function process with this same set, so a variable only one place sets cannot hide.
 */
export function appEnvironment(v: AppEnvironmentValues): Record<string, string> {
  return {
    [ENV.stage]: v.stage,
    [ENV.tableName]: v.tableName,
    ...Object.fromEntries((Object.keys(QUEUE_URL_ENV) as QueueId[]).map((q) => [QUEUE_URL_ENV[q], v.queueUrls[q]])),
    [ENV.mailBucket]: v.mailBucket,
    [ENV.mailboxKeyId]: v.mailboxKeyId,
    [ENV.mailFrom]: v.mailFrom,
    [ENV.publicBaseUrl]: v.publicBaseUrl,
    [ENV.apiBaseUrl]: v.apiBaseUrl,
    [ENV.appSecretId]: v.appSecretId,
    [ENV.sesConfigurationSet]: v.sesConfigurationSet,
    [ENV.sesNotificationTopicArn]: v.sesNotificationTopicArn,
    [ENV.maxMailboxesPerSpace]: String(SYNC_LIMITS.mailboxesPerSpace),
    [ENV.syncMaxMessageBytes]: String(SYNC_LIMITS.maxMessageBytes),
  };
}

/** The app secret's keys and the environment names that carry them where there is no Secrets Manager (in-process tests). */
export const APP_SECRET_ENV = {
  stripeSecretKey: ENV.stripeSecretKey,
  stripeWebhookSecret: ENV.stripeWebhookSecret,
  stripeWebhookSecretPrevious: ENV.stripeWebhookSecretPrevious,
  cursorKey: ENV.cursorKey,
  oauthMicrosoftClientId: ENV.oauthMicrosoftClientId,
  oauthMicrosoftClientSecret: ENV.oauthMicrosoftClientSecret,
  oauthGoogleClientId: ENV.oauthGoogleClientId,
  oauthGoogleClientSecret: ENV.oauthGoogleClientSecret,
  oauthLocalClientId: ENV.oauthLocalClientId,
  oauthLocalClientSecret: ENV.oauthLocalClientSecret,
} as const;

/** App secret entries under their environment names. */
export const appSecretEnv = (entries: Partial<Record<keyof typeof APP_SECRET_ENV, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(entries).flatMap(([key, value]) =>
    (value === undefined ? [] : [[APP_SECRET_ENV[key as keyof typeof APP_SECRET_ENV], value]])));

/** What Functions adds to each function besides appEnvironment. */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';
