import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient, KMSInternalException } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createKmsSecretBox } from '../../../../shared/adapters/secrets/kms-secret-box.js';
import { SecretRejectedError, SecretUnavailableError } from '../../../../shared/domain/mailbox/mailbox-errors.js';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/test';
const kmsKey = randomBytes(32);
const context = { space: 'space-1', mailbox: 'mbx-a' };

/** A stand-in for KMS: wraps data keys under one key, binding the EncryptionContext as KMS does. */
function fakeWrap(plain: Uint8Array, ctx: Record<string, string> | undefined): Uint8Array {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', kmsKey, iv).setAAD(Buffer.from(JSON.stringify(ctx ?? {})));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, body, c.getAuthTag()]);
}
function fakeUnwrap(blob: Uint8Array, ctx: Record<string, string> | undefined): Uint8Array {
  const b = Buffer.from(blob);
  const d = createDecipheriv('aes-256-gcm', kmsKey, b.subarray(0, 12)).setAAD(Buffer.from(JSON.stringify(ctx ?? {})));
  d.setAuthTag(b.subarray(b.length - 16));
  return Buffer.concat([d.update(b.subarray(12, b.length - 16)), d.final()]);
}

describe('createKmsSecretBox', () => {
  const kms = mockClient(KMSClient);
  const seenContexts: unknown[] = [];

  beforeEach(() => {
    kms.reset();
    seenContexts.length = 0;
    kms.on(GenerateDataKeyCommand).callsFake((input: { EncryptionContext?: Record<string, string> }) => {
      seenContexts.push(input.EncryptionContext);
      const plain = randomBytes(32);
      return { KeyId: KEY_ARN, Plaintext: new Uint8Array(plain), CiphertextBlob: fakeWrap(plain, input.EncryptionContext) };
    });
    kms.on(DecryptCommand).callsFake((input: { CiphertextBlob: Uint8Array; EncryptionContext?: Record<string, string> }) => {
      seenContexts.push(input.EncryptionContext);
      try {
        return { KeyId: KEY_ARN, Plaintext: fakeUnwrap(input.CiphertextBlob, input.EncryptionContext) };
      } catch {
        throw Object.assign(new Error('invalid ciphertext'), { name: 'InvalidCiphertextException' });
      }
    });
  });

  it('round-trips a password with the encryption context exactly {space, mailbox}', async () => {
    const box = createKmsSecretBox(new KMSClient({ region: 'eu-west-1' }), 'alias/mailbridge');

    const sealed = await box.seal('hunter2', context);
    const opened = await box.open(sealed, context);

    expect(opened).toBe('hunter2');
    expect(sealed.keyId).toBe(KEY_ARN);
    expect(seenContexts).toEqual([{ space: 'space-1', mailbox: 'mbx-a' }, { space: 'space-1', mailbox: 'mbx-a' }]);
  });

  it('refuses a secret copied to another mailbox or Space', async () => {
    const box = createKmsSecretBox(new KMSClient({ region: 'eu-west-1' }), 'alias/mailbridge');
    const sealed = await box.seal('hunter2', context);

    await expect(box.open(sealed, { space: 'space-1', mailbox: 'mbx-b' })).rejects.toBeInstanceOf(SecretRejectedError);
    await expect(box.open(sealed, { space: 'space-2', mailbox: 'mbx-a' })).rejects.toBeInstanceOf(SecretRejectedError);
  });

  it.each([
    ['throttling', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
    ['an internal KMS error', new KMSInternalException({ message: 'boom', $metadata: {} })],
  ])('fails closed with a retryable error on %s', async (_label, failure) => {
    const box = createKmsSecretBox(new KMSClient({ region: 'eu-west-1' }), 'alias/mailbridge');
    const sealed = await box.seal('hunter2', context);
    kms.on(DecryptCommand).rejects(failure);

    const err = await box.open(sealed, context).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(SecretUnavailableError);
    expect(err).toMatchObject({ code: 'secret-unavailable' });
    expect(String((err as Error).message)).not.toContain('hunter2');
  });

  it('zeroes the plaintext data key KMS returned once the seal is done', async () => {
    let handed: Uint8Array | undefined;
    kms.on(GenerateDataKeyCommand).callsFake((input: { EncryptionContext?: Record<string, string> }) => {
      handed = new Uint8Array(randomBytes(32));
      return { KeyId: KEY_ARN, Plaintext: handed, CiphertextBlob: fakeWrap(handed, input.EncryptionContext) };
    });
    const box = createKmsSecretBox(new KMSClient({ region: 'eu-west-1' }), 'alias/mailbridge');

    await box.seal('hunter2', context);

    expect(handed && handed.every((b) => b === 0)).toBe(true);
  });
});
