import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Blobs } from '../../../shared/domain/threads/ports.js';
import { BlobNotFoundError } from '../../../shared/domain/threads/thread-errors.js';

/** What a Blobs adapter under contract hands the suite. */
export interface BlobsUnderTest {
  readonly blobs: Blobs;
  /** Follows a presigned URL as a browser would: the body and the download headers. */
  download(url: string): Promise<{ body: Buffer; contentType: string; disposition: string }>;
  /** How many seconds the presigned URL is valid for, as the URL itself says. */
  expiresOf(url: string): number;
}

async function* piecesOf(...pieces: string[]): AsyncIterable<Buffer> {
  for (const p of pieces) yield Buffer.from(p);
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/**
 * The behaviour every Blobs adapter promises in shared/domain/threads/ports.ts, run against the
 * in-memory one and S3 (s3rver) alike.
 */
export function blobsContract(name: string, make: () => BlobsUnderTest): void {
  describe(`${name} keeps the Blobs contract`, () => {
    const aKey = () => `test/${randomUUID()}`;

    it('gets back the exact bytes that were put, from a Buffer or a string', async () => {
      const { blobs } = make();
      const binary = Buffer.from([0, 255, 13, 10, 128, 1]);
      const [k1, k2] = [aKey(), aKey()];

      await blobs.put(k1, binary);
      await blobs.put(k2, 'grüße\r\n', 'text/plain');

      expect(await blobs.get(k1)).toEqual(binary);
      expect((await blobs.get(k2)).toString('utf8')).toBe('grüße\r\n');
    });

    it('replaces an object put again under the same key', async () => {
      const { blobs } = make();
      const key = aKey();

      await blobs.put(key, 'first');
      await blobs.put(key, 'second');

      expect((await blobs.get(key)).toString()).toBe('second');
    });

    it('throws BlobNotFoundError for a missing key', async () => {
      const { blobs } = make();

      await expect(blobs.get(aKey())).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it('keeps what was stored when the caller later changes its buffers', async () => {
      const { blobs } = make();
      const key = aKey();
      const body = Buffer.from('original');

      await blobs.put(key, body);
      body.write('XXXXXXXX');
      (await blobs.get(key)).write('YYYYYYYY');

      expect((await blobs.get(key)).toString()).toBe('original');
    });

    it('stores a stream under the key its sha256 names, with its size', async () => {
      const { blobs } = make();
      const prefix = aKey();
      const text = 'part one, part two, part three';

      const stored = await blobs.putStream((h) => `${prefix}/${h}`, piecesOf('part one, ', 'part two, ', 'part three'), 'message/rfc822');

      expect(stored).toEqual({ key: `${prefix}/${sha256(text)}`, sha256: sha256(text), size: Buffer.byteLength(text) });
      expect((await blobs.get(stored.key)).toString()).toBe(text);
    });

    it('stores an empty stream as an empty object', async () => {
      const { blobs } = make();
      const prefix = aKey();

      const stored = await blobs.putStream((h) => `${prefix}/${h}`, piecesOf());

      expect(stored).toMatchObject({ sha256: sha256(''), size: 0 });
      expect(await blobs.get(stored.key)).toEqual(Buffer.alloc(0));
    });

    it('stores nothing when the stream fails', async () => {
      const { blobs } = make();
      const prefix = aKey();
      async function* failing(): AsyncIterable<Buffer> { yield Buffer.from('half'); throw new Error('connection reset'); }

      await expect(blobs.putStream((h) => `${prefix}/${h}`, failing())).rejects.toThrow('connection reset');

      await expect(blobs.get(`${prefix}/${sha256('half')}`)).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it('presigns a download of the object as an attachment with its name and type', async () => {
      const u = make();
      const key = aKey();
      await u.blobs.put(key, '%PDF-1.7 fake');

      const url = await u.blobs.presignDownload(key, { filename: 'Rechnung für März.pdf', contentType: 'application/pdf', expiresSeconds: 60 });
      const got = await u.download(url);

      expect(got.body.toString()).toBe('%PDF-1.7 fake');
      expect(got.contentType).toBe('application/pdf');
      expect(got.disposition).toMatch(/^attachment; /);
      expect(decodeURIComponent(got.disposition.split("filename*=UTF-8''")[1] ?? '')).toBe('Rechnung für März.pdf');
      expect(u.expiresOf(url)).toBe(60);
    });

    it('caps a presigned URL at five minutes', async () => {
      const u = make();
      const key = aKey();
      await u.blobs.put(key, 'x');

      const url = await u.blobs.presignDownload(key, { filename: 'x.txt', contentType: 'text/plain', expiresSeconds: 3600 });

      expect(u.expiresOf(url)).toBe(300);
    });
  });
}
