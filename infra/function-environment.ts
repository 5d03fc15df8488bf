import { ENV, type QueueId } from '../shared/config/names.js';

/** The values behind every function's environment: tokens in the stack, local names in the twin. */
export interface AppEnvironmentValues {
  readonly stage: string;
  readonly tableName: string;
  readonly queueUrls: Readonly<Record<QueueId, string>>;
  readonly mailBucket: string;
  readonly mailboxKeyId: string;
  readonly mailFrom: string;
  readonly publicBaseUrl: string;
  readonly appSecretId: string;
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
    [ENV.appSecretId]: v.appSecretId,
  };
}

/** What Functions adds to each function besides appEnvironment. */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';
