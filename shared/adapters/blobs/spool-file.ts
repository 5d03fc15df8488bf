import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SpooledFile {
  readonly sha256: string;
  readonly size: number;
  open(): ReadStream;
  remove(): Promise<void>;
}

/**
 * Writes a stream to a temporary file (Lambda's /tmp) while hashing and counting it, so a large
 * object can be uploaded with a known length and a content-derived key without being held in memory.
 */
export async function spoolToFile(body: AsyncIterable<Buffer>): Promise<SpooledFile> {
  const path = join(tmpdir(), `mailbridge-spool-${randomUUID()}`);
  const hash = createHash('sha256');
  let size = 0;
  const remove = () => rm(path, { force: true });
  try {
    await pipeline(Readable.from(counted(body, (piece) => { hash.update(piece); size += piece.length; })), createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await remove();
    throw error;
  }
  return { sha256: hash.digest('hex'), size, open: () => createReadStream(path), remove };
}

async function* counted(body: AsyncIterable<Buffer>, see: (piece: Buffer) => void): AsyncIterable<Buffer> {
  for await (const piece of body) {
    see(piece);
    yield piece;
  }
}
