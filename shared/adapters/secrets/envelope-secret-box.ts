import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretRejectedError } from '../../domain/mailbox/mailbox-errors.js';
import type { SealedSecret, SecretBox, SecretContext } from '../../domain/mailbox/ports.js';

export interface DataKey {
  readonly keyId: string;
  /** 32 bytes; the envelope zeroes it after use. */
  readonly plaintextKey: Buffer;
  readonly wrappedKey: Buffer;
}

/** The one step that differs between AWS (KMS) and the local stack (a master key file). */
export interface KeyWrapper {
  generateDataKey(context: SecretContext): Promise<DataKey>;
  /** @throws SecretRejectedError when the key does not unwrap under this context */
  unwrapDataKey(wrappedKey: Buffer, keyId: string, context: SecretContext): Promise<Buffer>;
}

/** The context as AAD: canonical JSON with sorted keys, so the same pair always binds the same bytes. */
export function contextAad(context: SecretContext): Buffer {
  return Buffer.from(JSON.stringify({ mailbox: context.mailbox, space: context.space }), 'utf8');
}

/**
 * Envelope encryption: a fresh AES-256-GCM data key and a random 96-bit IV per seal, the context bound
 * as AAD, the data key wrapped by `wrapper` and zeroed once used.
 */
export function createEnvelopeSecretBox(wrapper: KeyWrapper): SecretBox {
  return {
    async seal(plaintext, context) {
      const dataKey = await wrapper.generateDataKey(context);
      try {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', dataKey.plaintextKey, iv);
        cipher.setAAD(contextAad(context));
        const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
        return {
          v: 1, keyId: dataKey.keyId, wrappedKey: dataKey.wrappedKey.toString('base64'),
          iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64'),
        } satisfies SealedSecret;
      } finally {
        dataKey.plaintextKey.fill(0);
      }
    },

    async open(sealed, context) {
      if (sealed.v !== 1) throw new SecretRejectedError(`unknown sealed secret version ${String(sealed.v)}`);
      const key = await wrapper.unwrapDataKey(Buffer.from(sealed.wrappedKey, 'base64'), sealed.keyId, context);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
        decipher.setAAD(contextAad(context));
        decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretRejectedError('the sealed secret does not belong to this mailbox');
      } finally {
        key.fill(0);
      }
    },
  };
}
