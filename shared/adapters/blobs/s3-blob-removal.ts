import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Client } from './s3-blobs.js';

/**
 * Deletes objects of the mail bucket (mail deleted from the mailbox). Deleting a missing key is no
 * error, so a retry is harmless; on a versioned bucket the old version expires with the bucket's
 * noncurrent-version rule.
 */
export const createS3BlobRemoval = (bucket: string, client: S3Client = s3Client()) => ({
  async remove(keys: readonly string[]): Promise<void> {
    for (const key of new Set(keys)) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  },
});
