import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEnvelopeSecretBox, type KeyWrapper } from '../../../../shared/adapters/secrets/envelope-secret-box.js';
import { createLocalSecretBox, loadLocalMasterKey } from '../../../../shared/adapters/secrets/local-secret-box.js';
import { SecretRejectedError } from '../../../../shared/domain/mailbox/mailbox-errors.js';

const mailboxA = { space: 'space-1', mailbox: 'mbx-a' };

describe('createLocalSecretBox', () => {
  it('opens what it sealed for the same Space and mailbox', async () => {
    const box = createLocalSecretBox(randomBytes(32));

    const sealed = await box.seal('app-password-ü', mailboxA);

    expect(await box.open(sealed, mailboxA)).toBe('app-password-ü');
    expect(sealed).toMatchObject({ v: 1, keyId: expect.stringMatching(/^local:/) });
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
    expect(JSON.stringify(sealed)).not.toContain('app-password');
  });

  it('refuses a secret moved to another mailbox or another Space', async () => {
    const box = createLocalSecretBox(randomBytes(32));
    const sealed = await box.seal('secret', mailboxA);

    await expect(box.open(sealed, { space: 'space-1', mailbox: 'mbx-b' })).rejects.toBeInstanceOf(SecretRejectedError);
    await expect(box.open(sealed, { space: 'space-2', mailbox: 'mbx-a' })).rejects.toMatchObject({ code: 'secret-rejected' });
  });

  it('refuses a secret whose ciphertext was tampered with, or sealed under another master key', async () => {
    const box = createLocalSecretBox(randomBytes(32));
    const sealed = await box.seal('secret', mailboxA);
    const flipped = Buffer.from(sealed.ciphertext, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b));

    await expect(box.open({ ...sealed, ciphertext: Buffer.from(flipped).toString('base64') }, mailboxA)).rejects.toBeInstanceOf(SecretRejectedError);
    await expect(createLocalSecretBox(randomBytes(32)).open(sealed, mailboxA)).rejects.toBeInstanceOf(SecretRejectedError);
  });

  it('uses a fresh data key and never repeats an IV over 10,000 seals', async () => {
    const box = createLocalSecretBox(randomBytes(32));
    const ivs = new Set<string>();
    const keys = new Set<string>();

    for (let i = 0; i < 10_000; i++) {
      const sealed = await box.seal('same password', mailboxA);
      ivs.add(sealed.iv);
      keys.add(sealed.wrappedKey);
    }

    expect(ivs.size).toBe(10_000);
    expect(keys.size).toBe(10_000);
  });

  it('zeroes the data key after sealing and after opening', async () => {
    const handedOut: Buffer[] = [];
    const key = randomBytes(32);
    const wrapper: KeyWrapper = {
      generateDataKey: async () => { const k = Buffer.from(key); handedOut.push(k); return { keyId: 'k', plaintextKey: k, wrappedKey: Buffer.alloc(1) }; },
      unwrapDataKey: async () => { const k = Buffer.from(key); handedOut.push(k); return k; },
    };
    const box = createEnvelopeSecretBox(wrapper);

    const sealed = await box.seal('secret', mailboxA);
    expect(await box.open(sealed, mailboxA)).toBe('secret');

    expect(handedOut).toHaveLength(2);
    for (const k of handedOut) expect(k.every((b) => b === 0)).toBe(true);
  });
});

describe('loadLocalMasterKey', () => {
  it('creates a private 32-byte key file once and reads the same key back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mk-'));
    const path = join(dir, 'sub', 'master.key');

    const first = await loadLocalMasterKey(path);
    const second = await loadLocalMasterKey(path);

    expect(first).toHaveLength(32);
    expect(second.equals(first)).toBe(true);
    expect((await readFile(path)).equals(first)).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await rm(dir, { recursive: true, force: true });
  });
});
