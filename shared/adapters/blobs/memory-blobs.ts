import { createHash } from 'node:crypto';
import type { Blobs } from '../../domain/threads/ports.js';
import { BlobNotFoundError } from '../../domain/threads/thread-errors.js';

/** In-memory blobs for unit tests and benches: `objects` holds what was put. */
export const createMemoryBlobs = (): Blobs & { objects: Map<string, Buffer> } => {
  const objects = new Map<string, Buffer>();
  return {
    objects,
    async put(key, body) { objects.set(key, Buffer.isBuffer(body) ? body : Buffer.from(body)); },
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
      return body;
    },
    async presignDownload(key, { expiresSeconds }) { return `memory://${key}?expires=${expiresSeconds}`; },
  };
};
