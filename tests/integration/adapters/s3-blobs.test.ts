import { createS3Blobs } from '../../../shared/adapters/blobs/s3-blobs.js';
import { blobsContract } from '../../support/contracts/blobs-contract.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

blobsContract('the S3 blobs (s3rver)', () => {
  const stack = useLocalStackEnv();
  return {
    expiresOf: (url) => Number(new URL(url).searchParams.get('X-Amz-Expires')),
    blobs: createS3Blobs(stack.bucket),
    async download(url) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`download failed: ${res.status}`);
      return {
        body: Buffer.from(await res.arrayBuffer()),
        contentType: res.headers.get('content-type') ?? '',
        disposition: res.headers.get('content-disposition') ?? '',
      };
    },
  };
});
