import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError, optionalEnv } from './config.js';

/** Secrets the app needs at run time. In AWS they live in one Secrets Manager JSON secret. */
export interface AppSecrets {
  readonly stripeSecretKey?: string;
  readonly stripeWebhookSecret?: string;
  /** Earlier webhook secret still accepted during a rotation. */
  readonly stripeWebhookSecretPrevious?: string;
  readonly cursorKey: string;
  /** OAuth2 client registrations of this deployment (docs/mailboxes.md); a provider without them is not offered. */
  readonly oauthMicrosoftClientId?: string;
  readonly oauthMicrosoftClientSecret?: string;
  readonly oauthGoogleClientId?: string;
  readonly oauthGoogleClientSecret?: string;
  readonly oauthLocalClientId?: string;
  readonly oauthLocalClientSecret?: string;
}

const OAUTH_SECRET_NAMES = [
  'oauthMicrosoftClientId', 'oauthMicrosoftClientSecret', 'oauthGoogleClientId', 'oauthGoogleClientSecret',
  'oauthLocalClientId', 'oauthLocalClientSecret',
] as const;

/** A warm container re-reads Secrets Manager this often, so a rotated webhook secret reaches it. */
export const SECRETS_REFRESH_MS = 5 * 60_000;

let cached: { value: Promise<AppSecrets>; at: number } | undefined;

const fromSecretsManager = async (secretId: string): Promise<AppSecrets> => {
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
  const parsed = JSON.parse(out.SecretString ?? '{}') as Partial<AppSecrets>;
  if (!parsed.cursorKey) throw new ConfigError('The app secret has no cursorKey');
  return parsed as AppSecrets;
};

const fromEnvironment = (): AppSecrets => {
  const cursorKey = optionalEnv('cursorKey');
  if (!cursorKey) throw new ConfigError('Missing environment variable CURSOR_KEY (or APP_SECRET_ID)');
  const stripeSecretKey = optionalEnv('stripeSecretKey');
  const stripeWebhookSecret = optionalEnv('stripeWebhookSecret');
  const stripeWebhookSecretPrevious = optionalEnv('stripeWebhookSecretPrevious');
  const oauth = Object.fromEntries(OAUTH_SECRET_NAMES.flatMap((name) => { const value = optionalEnv(name); return value ? [[name, value]] : []; }));
  return {
    cursorKey, ...(stripeSecretKey ? { stripeSecretKey } : {}), ...(stripeWebhookSecret ? { stripeWebhookSecret } : {}),
    ...(stripeWebhookSecretPrevious ? { stripeWebhookSecretPrevious } : {}), ...oauth,
  };
};

/**
 * The secrets: from Secrets Manager when APP_SECRET_ID is set (AWS; cached per container for
 * SECRETS_REFRESH_MS so a rotation such as STRIPE_WEBHOOK_SECRET_PREVIOUS takes effect), else read
 * from the environment on every call (local stack, tests). Never logged.
 */
export const appSecrets = (now: number = Date.now()): Promise<AppSecrets> => {
  const secretId = optionalEnv('appSecretId');
  if (!secretId) return Promise.resolve().then(fromEnvironment);
  if (!cached || now - cached.at > SECRETS_REFRESH_MS) {
    const value = fromSecretsManager(secretId);
    const entry = { value, at: now };
    cached = entry;
    value.catch(() => { if (cached === entry) cached = undefined; });
  }
  return cached.value;
};
