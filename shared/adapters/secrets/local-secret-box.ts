import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SecretRejectedError } from '../../domain/mailbox/mailbox-errors.js';
import type { SecretBox } from '../../domain/mailbox/ports.js';
import { contextAad, createEnvelopeSecretBox, type KeyWrapper } from './envelope-secret-box.js';

/**
 * The local stack's SecretBox: the same envelope as in AWS, with the data key wrapped by AES-256-GCM
 * under a 32-byte master key (context as AAD) instead of by KMS.
 */
export function createLocalSecretBox(masterKey: Buffer): SecretBox {
  if (masterKey.length !== 32) throw new Error('the local master key must be 32 bytes');
  const keyId = `local:${createHash('sha256').update(masterKey).digest('hex').slice(0, 16)}`;
  const wrapper: KeyWrapper = {
    async generateDataKey(context) {
      const plaintextKey = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv).setAAD(contextAad(context));
      const body = Buffer.concat([cipher.update(plaintextKey), cipher.final()]);
      return { keyId, plaintextKey, wrappedKey: Buffer.concat([iv, body, cipher.getAuthTag()]) };
    },
    async unwrapDataKey(wrappedKey, sealedKeyId, context) {
      if (sealedKeyId !== keyId) throw new SecretRejectedError('the secret was sealed under another master key');
      try {
        const decipher = createDecipheriv('aes-256-gcm', masterKey, wrappedKey.subarray(0, 12)).setAAD(contextAad(context));
        decipher.setAuthTag(wrappedKey.subarray(wrappedKey.length - 16));
        return Buffer.concat([decipher.update(wrappedKey.subarray(12, wrappedKey.length - 16)), decipher.final()]);
      } catch {
        throw new SecretRejectedError('the sealed secret does not belong to this mailbox');
      }
    },
  };
  return createEnvelopeSecretBox(wrapper);
}

/** Reads the master key file, creating it (mode 0600, 32 random bytes) on first use. */
export async function loadLocalMasterKey(path: string): Promise<Buffer> {
  try {
    const key = await readFile(path);
    if (key.length !== 32) throw new Error(`${path} must hold exactly 32 bytes`);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const key = randomBytes(32);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, key, { mode: 0o600, flag: 'wx' });
    await chmod(path, 0o600);
    return key;
  }
}
