import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spoolToFile } from './spool-file.js';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { once } from '../../config/config.js';
import type { Blobs } from '../../domain/threads/ports.js';
import { BlobNotFoundError } from '../../domain/threads/thread-errors.js';

/** One S3 client per container; path-style addressing when an endpoint override (s3rver) is set. */
export const s3Client = once(() => new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) }));

const asciiFilename = (name: string): string => name.replace(/[^\x20-\x7e]|["\\]/g, '_');

/** The mail bucket: raw MIME, parsed JSON and attachments, server-side encrypted by the bucket policy. */
export const createS3Blobs = (bucket: string, client: S3Client = s3Client()): Blobs => ({
  async put(key, body, contentType = 'application/octet-stream') {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  },
  async putStream(keyOf, body, contentType = 'application/octet-stream') {
    // S3 needs the length up front and the key needs the hash: spool to /tmp, then upload the file.
    const spooled = await spoolToFile(body);
    try {
      const key = keyOf(spooled.sha256);
      await client.send(new PutObjectCommand({
        Bucket: bucket, Key: key, Body: spooled.open(), ContentLength: spooled.size, ContentType: contentType,
      }));
      return { key, sha256: spooled.sha256, size: spooled.size };
    } finally {
      await spooled.remove();
    }
  },
  async get(key) {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!out.Body) throw new BlobNotFoundError(key);
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') throw new BlobNotFoundError(key);
      throw error;
    }
  },
  async presignDownload(key, { filename, contentType, expiresSeconds }) {
    const disposition = `attachment; filename="${asciiFilename(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
    const command = new GetObjectCommand({
      Bucket: bucket, Key: key, ResponseContentDisposition: disposition, ResponseContentType: contentType,
    });
    return getSignedUrl(client, command, { expiresIn: Math.min(expiresSeconds, 300) });
  },
});
