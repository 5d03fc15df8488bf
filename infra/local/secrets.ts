import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LocalSecrets {
  /** 32 random bytes: the key material of the local KMS key (emulators/kms.ts) that wraps mailbox data keys. */
  readonly masterKeyFile: string;
  /** `whsec_…`: signs local Stripe events; the webhook handler verifies with it. */
  readonly stripeWebhookSecret: string;
  /** base64url of 32 random bytes: HMAC key for page cursors. */
  readonly cursorKey: string;
}

/**
 * Loads the local secrets from `keyDir`, creating them once (mode 0600); kept across restarts so
 * stored data (wrapped keys, cursors) stays readable.
 */
export async function loadLocalSecrets(keyDir: string): Promise<LocalSecrets> {
  await mkdir(keyDir, { recursive: true, mode: 0o700 });
  const masterKeyFile = join(keyDir, 'master.key');
  await createOnce(masterKeyFile, () => randomBytes(32));
  const secretsFile = join(keyDir, 'secrets.json');
  await createOnce(secretsFile, () => JSON.stringify({
    stripeWebhookSecret: `whsec_${randomBytes(24).toString('base64url')}`,
    cursorKey: randomBytes(32).toString('base64url'),
  }, null, 2));
  const stored = JSON.parse(await readFile(secretsFile, 'utf8')) as Omit<LocalSecrets, 'masterKeyFile'>;
  return { masterKeyFile, ...stored };
}

/** Writes a file only if it does not exist yet (`wx`), so concurrent starts never overwrite keys. */
export async function createOnce(file: string, make: () => string | Buffer): Promise<void> {
  try {
    await writeFile(file, make(), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
