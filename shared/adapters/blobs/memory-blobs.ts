import { createHash } from 'node:crypto';
import type { Blobs } from '../../domain/threads/ports.js';
import { BlobNotFoundError } from '../../domain/threads/thread-errors.js';

/** In-memory blobs for unit tests and benches: `objects` holds what was put. */
export const createMemoryBlobs = (): Blobs & { objects: Map<string, Buffer> } => {
  const objects = new Map<string, Buffer>();
  return {
    objects,
    // Copies in and out, as a bucket does: neither side's later writes change the other.
    async put(key, body) { objects.set(key, Buffer.from(body)); },
    async putStream(keyOf, body) {
      const pieces: Buffer[] = [];
      for await (const piece of body) pieces.push(piece);
      const all = Buffer.concat(pieces);
      const sha256 = createHash('sha256').update(all).digest('hex');
      objects.set(keyOf(sha256), all);
      return { key: keyOf(sha256), sha256, size: all.length };
    },
    async get(key) {
      const body = objects.get(key);
      if (!body) throw new BlobNotFoundError(key);
      return Buffer.from(body);
    },
    async presignDownload(key, { filename, contentType, expiresSeconds }) {
      const url = new URL(`memory://blobs/${encodeURIComponent(key)}`);
      url.searchParams.set('response-content-type', contentType);
      url.searchParams.set('response-content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
      url.searchParams.set('expires', String(Math.min(expiresSeconds, 300)));
      return url.toString();
    },
  };
};
