/**
 * Names shared by the CDK stack (infra/) and the local runtime (infra/local/): table keys, queues,
 * functions and environment variables are defined here once.
 */

export const APP_NAME = 'mailbridge';

/** The single DynamoDB table: string keys `pk`/`sk`, two overloaded GSIs, TTL on `expiresAt`. */
export const TABLE = {
  logicalName: 'mailbridge',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export type QueueId = 'sync' | 'parse' | 'link';

export interface QueueSpec {
  /** Base name; the stack prefixes it, the local runtime uses it as is. */
  readonly name: string;
  readonly dlqName: string;
  /** Deliveries before a message moves to the DLQ. */
  readonly maxReceiveCount: number;
  readonly batchSize: number;
  /** Batches handled at once (the event source mapping's maximum concurrency; local poller loops). */
  readonly maxConcurrency: number;
  /** The worker that consumes it (a key of FUNCTIONS). */
  readonly consumer: FunctionName;
}

export const QUEUES: Record<QueueId, QueueSpec> = {
  sync: { name: 'mailbridge-sync', dlqName: 'mailbridge-sync-dlq', maxReceiveCount: 5, batchSize: 1, maxConcurrency: 2, consumer: 'sync-mailbox' },
  parse: { name: 'mailbridge-parse', dlqName: 'mailbridge-parse-dlq', maxReceiveCount: 5, batchSize: 10, maxConcurrency: 4, consumer: 'parse-message' },
  link: { name: 'mailbridge-link', dlqName: 'mailbridge-link-dlq', maxReceiveCount: 5, batchSize: 10, maxConcurrency: 4, consumer: 'link-message' },
};

/** AWS recommends a queue visibility timeout of at least six times the consumer's timeout. */
export const visibilityTimeoutFor = (queue: QueueId): number =>
  FUNCTIONS[QUEUES[queue].consumer].timeoutSeconds * 6;

/** `notification`: an SNS topic's subscription (SES bounce and complaint events). */
export type Trigger = 'http' | 'webhook' | 'schedule' | 'notification' | { readonly queue: QueueId };

export interface FunctionSpec {
  /** Entry file, relative to the repository root. */
  readonly entry: string;
  readonly trigger: Trigger;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

export const FUNCTIONS = {
  'openapi': { entry: 'functions/openapi.ts', trigger: 'http', timeoutSeconds: 10, memoryMb: 256 },
  'contacts-api': { entry: 'functions/contacts-api.ts', trigger: 'http', timeoutSeconds: 15, memoryMb: 512 },
  'companies-api': { entry: 'functions/companies-api.ts', trigger: 'http', timeoutSeconds: 15, memoryMb: 512 },
  'products-api': { entry: 'functions/products-api.ts', trigger: 'http', timeoutSeconds: 10, memoryMb: 256 },
  'mailboxes-api': { entry: 'functions/mailboxes-api.ts', trigger: 'http', timeoutSeconds: 29, memoryMb: 512 },
  'mail-api': { entry: 'functions/mail-api.ts', trigger: 'http', timeoutSeconds: 15, memoryMb: 512 },
  'orders-api': { entry: 'functions/orders-api.ts', trigger: 'http', timeoutSeconds: 29, memoryMb: 512 },
  'settings-api': { entry: 'functions/settings-api.ts', trigger: 'http', timeoutSeconds: 10, memoryMb: 256 },
  'workspace-api': { entry: 'functions/workspace-api.ts', trigger: 'http', timeoutSeconds: 15, memoryMb: 512 },
  'stripe-webhook': { entry: 'functions/stripe-webhook.ts', trigger: 'webhook', timeoutSeconds: 15, memoryMb: 256 },
  'poll-mailboxes': { entry: 'functions/poll-mailboxes.ts', trigger: 'schedule', timeoutSeconds: 60, memoryMb: 256 },
  'sync-mailbox': { entry: 'functions/sync-mailbox.ts', trigger: { queue: 'sync' }, timeoutSeconds: 120, memoryMb: 1024 },
  'parse-message': { entry: 'functions/parse-message.ts', trigger: { queue: 'parse' }, timeoutSeconds: 30, memoryMb: 1024 },
  'link-message': { entry: 'functions/link-message.ts', trigger: { queue: 'link' }, timeoutSeconds: 30, memoryMb: 512 },
  // A model call can take seconds; 29 s stays inside the HTTP API's 30 s integration limit.
  'assistant-api': { entry: 'functions/assistant-api.ts', trigger: 'http', timeoutSeconds: 29, memoryMb: 512 },
  'ses-notifications': { entry: 'functions/ses-notifications.ts', trigger: 'notification', timeoutSeconds: 30, memoryMb: 256 },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

/** A token bucket as API Gateway throttles take it: `rateLimit` requests per second, `burstLimit` at once. */
export interface ThrottleSettings {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * HTTP API stage throttles, read by the CDK stage and the local gateway. Every route gets a bucket of
 * its own, with the default unless it is listed. The buckets are shared by all Spaces (per-Space limits
 * live in the contracts): they protect what is behind a route, not one tenant from another.
 */
export const API_THROTTLE: { readonly default: ThrottleSettings; readonly routes: Readonly<Record<string, ThrottleSettings>> } = {
  default: { rateLimit: 50, burstLimit: 100 },
  routes: {
    // Stripe's deliveries: API bursts cannot take their bucket, and unsigned floods (the route has no
    // JWT) cannot take the API's. Burst ≤ the webhook's reserved concurrency (infra/constructs/functions.ts).
    'POST /webhooks/stripe': { rateLimit: 20, burstLimit: 20 },
    // Each test holds an outbound IMAP connection for up to ~12 s: 5/s keeps that near 60 functions.
    'POST /mailboxes/test': { rateLimit: 5, burstLimit: 10 },
    // A confirm creates a Checkout Session and sends a payment email (SES allows 14/s by default).
    'POST /orders': { rateLimit: 10, burstLimit: 20 },
  },
};

/** The throttle that applies to one route key (`POST /webhooks/stripe`). */
export const throttleFor = (routeKey: string): ThrottleSettings => API_THROTTLE.routes[routeKey] ?? API_THROTTLE.default;

/** The poller's schedule. */
export const POLL_SCHEDULE_MINUTES = 5;

/** The metric the poller emits (CloudWatch embedded metric format) and the stalled-sync alarm watches. */
export const SYNC_HEALTH_METRIC = { namespace: 'Mailbridge', name: 'StalledMailboxes', dimensions: { service: APP_NAME } } as const;

const MIB = 1024 * 1024;

/**
 * Limits of one sync run and of a Space's share of the sync workers (docs/mail-pipeline.md). The
 * time budget sits well inside the sync function's timeout, so a run that stops on it still has
 * time to commit its cursor, record lastError and release its leases.
 */
export const SYNC_LIMITS = {
  timeBudgetSeconds: 60,
  byteBudget: 256 * MIB,
  /** Sync runs one Space may have at once; its further jobs are deferred, not failed. */
  slotsPerSpace: 1,
  deferSeconds: 20,
  /** Default of SYNC_MAX_MESSAGE_BYTES: larger mail is kept as headers and a "too large" marker. */
  maxMessageBytes: 40 * MIB,
  /** Messages above this are streamed to the bucket one at a time; smaller ones are fetched in batches. */
  streamAboveBytes: 1 * MIB,
  /** Bytes (by RFC822.SIZE) of one batched FETCH. */
  batchBytes: 8 * MIB,
  /** Tries of a single UID the server refuses before it is recorded as unfetchable. */
  fetchAttempts: 3,
  /** Default of MAX_MAILBOXES_PER_SPACE. */
  mailboxesPerSpace: 10,
} as const;

/** What one first-import preview reads at most (it runs in the sync function, within its time budget). */
export const PREVIEW_LIMITS = {
  maxMessages: 2_000,
  maxBytes: 128 * MIB,
  timeBudgetSeconds: 60,
  /** Messages fetched per FETCH. */
  batchCount: 25,
  /** Hours a preview's answer is kept (table TTL). */
  keepHours: 24,
} as const;

/** JWT claims that carry the Space and the staff role (Cognito custom attributes; OIDC issuers map theirs). */
export const CLAIMS = { space: 'custom:space_id', role: 'custom:role' } as const;
export type Role = 'admin' | 'staff';

/** Environment variable names read by config.ts and set by the stack and the local runtime. */
export const ENV = {
  stage: 'STAGE',
  tableName: 'TABLE_NAME',
  syncQueueUrl: 'SYNC_QUEUE_URL',
  parseQueueUrl: 'PARSE_QUEUE_URL',
  linkQueueUrl: 'LINK_QUEUE_URL',
  mailBucket: 'MAIL_BUCKET',
  mailboxKeyId: 'MAILBOX_KEY_ID',
  mailFrom: 'MAIL_FROM',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  appSecretId: 'APP_SECRET_ID',
  stripeSecretKey: 'STRIPE_SECRET_KEY',
  stripeWebhookSecret: 'STRIPE_WEBHOOK_SECRET',
  stripeWebhookSecretPrevious: 'STRIPE_WEBHOOK_SECRET_PREVIOUS',
  stripeApiBase: 'STRIPE_API_BASE',
  cursorKey: 'CURSOR_KEY',
  allowPrivateHosts: 'ALLOW_PRIVATE_HOSTS',
  syncWindowDays: 'SYNC_WINDOW_DAYS',
  /** Mail above this many bytes is stored as headers plus a "too large" marker; default SYNC_LIMITS.maxMessageBytes. */
  syncMaxMessageBytes: 'SYNC_MAX_MESSAGE_BYTES',
  /** Connected mailboxes one Space may have; default SYNC_LIMITS.mailboxesPerSpace. */
  maxMailboxesPerSpace: 'MAX_MAILBOXES_PER_SPACE',
  problemBase: 'PROBLEM_BASE',
  /** Multiplies every per-Space rate limit (tests use a small value); default 1. */
  rateLimitScale: 'RATE_LIMIT_SCALE',
  /** Payment emails (confirms and resends) one Space may send per UTC day; default 500. */
  paymentEmailsPerDay: 'PAYMENT_EMAILS_PER_DAY',
  /** Seconds between two payment emails of one order; default 60. */
  paymentEmailCooldownSeconds: 'PAYMENT_EMAIL_COOLDOWN_SECONDS',
  /** Bedrock model id of the assistant (Converse API); unset: the offline assistant. */
  assistantModelId: 'ASSISTANT_MODEL_ID',
  /** Most assistant tokens one Space may use per UTC month; default 1,000,000. */
  assistantMonthlyTokens: 'ASSISTANT_MONTHLY_TOKENS',
  /** Base URL of the HTTP API as browsers reach it; the OAuth2 redirect URI is `<it>/mailboxes/oauth/callback`. */
  apiBaseUrl: 'API_BASE_URL',
  /** The SNS topic whose SES bounce and complaint notifications the ses-notifications function accepts. */
  sesNotificationTopicArn: 'SES_NOTIFICATION_TOPIC_ARN',
  /** The SES configuration set every send names: its event destination publishes bounces and complaints to that topic. */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** Local stack only: the one certificate URL off SNS's hosts the SNS signature check accepts (the twin's signing key). */
  snsLocalCertUrl: 'SNS_LOCAL_CERT_URL',
  /** Microsoft Entra tenant of the OAuth2 endpoints: `common` (default), `organizations` or a tenant id. */
  oauthMicrosoftTenant: 'OAUTH_MICROSOFT_TENANT',
  /** Local stack only: the local OAuth2 authorization server, and the IMAP `host:port` that accepts its tokens. */
  oauthLocalUrl: 'OAUTH_LOCAL_URL',
  oauthLocalImap: 'OAUTH_LOCAL_IMAP',
  /** App secret entries as variables for in-process tests (in AWS they live in the app secret). */
  oauthMicrosoftClientId: 'OAUTH_MICROSOFT_CLIENT_ID',
  oauthMicrosoftClientSecret: 'OAUTH_MICROSOFT_CLIENT_SECRET',
  oauthGoogleClientId: 'OAUTH_GOOGLE_CLIENT_ID',
  oauthGoogleClientSecret: 'OAUTH_GOOGLE_CLIENT_SECRET',
  oauthLocalClientId: 'OAUTH_LOCAL_CLIENT_ID',
  oauthLocalClientSecret: 'OAUTH_LOCAL_CLIENT_SECRET',
} as const;
