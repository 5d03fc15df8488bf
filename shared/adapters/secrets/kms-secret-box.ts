import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { SecretRejectedError, SecretUnavailableError } from '../../domain/mailbox/mailbox-errors.js';
import type { SecretBox, SecretContext } from '../../domain/mailbox/ports.js';
import { createEnvelopeSecretBox, type KeyWrapper } from './envelope-secret-box.js';

/** KMS says the ciphertext or its context is wrong: retrying cannot help. */
const REJECTED = new Set(['InvalidCiphertextException', 'IncorrectKeyException', 'InvalidKeyUsageException', 'AccessDeniedException']);

/**
 * The AWS SecretBox: KMS GenerateDataKey and Decrypt with EncryptionContext exactly {space, mailbox},
 * which the key policy requires; any other KMS failure fails closed as retryable.
 */
export function createKmsSecretBox(kms: KMSClient, keyId: string): SecretBox {
  const wrapper: KeyWrapper = {
    async generateDataKey(context) {
      const out = await callKms(() =>
        kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: encryptionContext(context) })));
      if (!out.Plaintext || !out.CiphertextBlob) throw new SecretUnavailableError('KMS returned no data key');
      return { keyId: out.KeyId ?? keyId, plaintextKey: asBuffer(out.Plaintext), wrappedKey: Buffer.from(out.CiphertextBlob) };
    },
    async unwrapDataKey(wrappedKey, sealedKeyId, context) {
      const out = await callKms(() =>
        kms.send(new DecryptCommand({ KeyId: sealedKeyId, CiphertextBlob: wrappedKey, EncryptionContext: encryptionContext(context) })));
      if (!out.Plaintext) throw new SecretUnavailableError('KMS returned no plaintext');
      return asBuffer(out.Plaintext);
    },
  };
  return createEnvelopeSecretBox(wrapper);
}

function encryptionContext(context: SecretContext): Record<string, string> {
  return { space: context.space, mailbox: context.mailbox };
}

/** A view over the SDK's bytes, so zeroing it wipes the only copy. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function callKms<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const name = (err as { name?: string }).name ?? 'Error';
    if (REJECTED.has(name)) throw new SecretRejectedError(`KMS refused the sealed secret (${name})`);
    throw new SecretUnavailableError(`KMS is unavailable (${name}); retry later`);
  }
}
