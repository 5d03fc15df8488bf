import { createMemoryBlobs } from '../../../../shared/adapters/blobs/memory-blobs.js';
import { BlobNotFoundError } from '../../../../shared/domain/threads/thread-errors.js';
import { blobsContract } from '../../../support/contracts/blobs-contract.js';

blobsContract('the in-memory blobs', () => {
  const blobs = createMemoryBlobs();
  return {
    expiresOf: (url) => Number(new URL(url).searchParams.get('expires')),
    blobs,
    // The twin's URL names the key and the download headers; following it reads the object.
    async download(url) {
      const u = new URL(url);
      const body = blobs.objects.get(decodeURIComponent(u.pathname.replace(/^\/+/, '')));
      if (!body) throw new BlobNotFoundError(url);
      return { body, contentType: u.searchParams.get('response-content-type') ?? '', disposition: u.searchParams.get('response-content-disposition') ?? '' };
    },
  };
});
