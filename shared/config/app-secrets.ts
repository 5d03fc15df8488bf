import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError, optionalEnv } from './config.js';

/** Secrets the app needs at run time. In AWS they live in one Secrets Manager JSON secret. */
export interface AppSecrets {
  readonly stripeSecretKey?: string;
  readonly stripeWebhookSecret?: string;
  /** Earlier webhook secret still accepted during a rotation. */
  readonly stripeWebhookSecretPrevious?: string;
  readonly cursorKey: string;
}

let cached: Promise<AppSecrets> | undefined;

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
  return { cursorKey, ...(stripeSecretKey ? { stripeSecretKey } : {}), ...(stripeWebhookSecret ? { stripeWebhookSecret } : {}) };
};

/**
 * Loads the secrets once per container: from Secrets Manager when APP_SECRET_ID is set (AWS), else
 * from the environment (local stack, tests). Never logged.
 */
export const appSecrets = (): Promise<AppSecrets> => {
  if (!cached) {
    const secretId = optionalEnv('appSecretId');
    cached = secretId ? fromSecretsManager(secretId) : Promise.resolve().then(fromEnvironment);
    cached.catch(() => { cached = undefined; });
  }
  return cached;
};
