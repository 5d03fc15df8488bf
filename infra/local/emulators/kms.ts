import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../function-host/local-arns.js';
import { AwsJsonError, startJsonEmulator, type JsonEmulator } from './json-protocol.js';

export interface KmsEmulator extends JsonEmulator {
  /** The one symmetric key: MAILBOX_KEY_ID in local mode. */
  readonly keyArn: string;
}

const VERSION = 1;

/**
 * A local KMS with one symmetric key, for the two calls the mailbox secret box makes:
 * GenerateDataKey and Decrypt. A data key is wrapped with AES-256-GCM under the 32-byte master key
 * file, with the encryption context as AAD, so a wrong context fails as on AWS
 * (InvalidCiphertextException). The ciphertext names its key, as KMS's does.
 */
export async function startKmsEmulator(port: number, masterKeyFile: string): Promise<KmsEmulator> {
  const masterKey = await readFile(masterKeyFile);
  if (masterKey.length !== 32) throw new Error(`${masterKeyFile} must hold exactly 32 bytes`);
  const keyId = uuidOf(createHash('sha256').update('mailbridge-local-kms').update(masterKey).digest());
  const keyArn = `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/${keyId}`;
  const checkKey = (given: unknown) => {
    if (given !== undefined && given !== keyArn && given !== keyId) throw new AwsJsonError('NotFoundException', `Key '${String(given)}' does not exist`);
  };
  const server = await startJsonEmulator(port, 'TrentService', {
    GenerateDataKey(input) {
      checkKey(input.KeyId);
      const bytes = input.NumberOfBytes !== undefined ? Number(input.NumberOfBytes) : input.KeySpec === 'AES_128' ? 16 : 32;
      const plaintext = randomBytes(bytes);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv).setAAD(aadOf(input.EncryptionContext));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const header = Buffer.from([VERSION, keyId.length]);
      const blob = Buffer.concat([header, Buffer.from(keyId), iv, body, cipher.getAuthTag()]);
      return { KeyId: keyArn, Plaintext: plaintext.toString('base64'), CiphertextBlob: blob.toString('base64') };
    },
    Decrypt(input) {
      const blob = Buffer.from(String(input.CiphertextBlob ?? ''), 'base64');
      const idLength = blob[1] ?? 0;
      if (blob[0] !== VERSION || blob.length < 2 + idLength + 12 + 16) throw new AwsJsonError('InvalidCiphertextException', 'The ciphertext is invalid');
      const blobKey = blob.subarray(2, 2 + idLength).toString();
      if (blobKey !== keyId) throw new AwsJsonError('InvalidCiphertextException', 'The ciphertext was not made by this key');
      if (input.KeyId !== undefined && input.KeyId !== keyArn && input.KeyId !== keyId) {
        throw new AwsJsonError('IncorrectKeyException', 'The key ID in the request does not identify the key that encrypted the ciphertext');
      }
      const rest = blob.subarray(2 + idLength);
      try {
        const decipher = createDecipheriv('aes-256-gcm', masterKey, rest.subarray(0, 12)).setAAD(aadOf(input.EncryptionContext));
        decipher.setAuthTag(rest.subarray(rest.length - 16));
        const plaintext = Buffer.concat([decipher.update(rest.subarray(12, rest.length - 16)), decipher.final()]);
        return { KeyId: keyArn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      } catch {
        throw new AwsJsonError('InvalidCiphertextException', 'The ciphertext does not match the encryption context');
      }
    },
  });
  return { ...server, keyArn };
}

/** The encryption context as canonical bytes: entries sorted by key. */
function aadOf(context: unknown): Buffer {
  const entries = Object.entries((context ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
}

const uuidOf = (bytes: Buffer) => {
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};
