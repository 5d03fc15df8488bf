import type { ImapFlow } from 'imapflow';
import { FetchRefusedError } from '../../domain/mailbox/mailbox-errors.js';
import type { MessageSink, MessageSize, StreamSink } from '../../domain/mailbox/ports.js';

/** Runs `work` with the folder locked; errors come back mapped to domain errors. */
export type InFolder = <T>(path: string, work: () => Promise<T>) => Promise<T>;

const SIZE_CHUNK = 1_000;
/** Partial FETCH size of a streamed download: few round trips, bounded memory. */
const STREAM_PIECE_BYTES = 1024 * 1024;

/**
 * The size-aware fetches behind MailboxSession: sizes first, big mail streamed piece by piece,
 * headers only for mail above the cap. A NO or BAD answer becomes FetchRefusedError.
 */
export function createImapflowFetch(client: ImapFlow, inFolder: InFolder, mapError: (err: unknown) => unknown) {
  return {
    async fetchSizes(path: string, uids: readonly number[]): Promise<Map<number, MessageSize>> {
      const sizes = new Map<number, MessageSize>();
      const sorted = [...uids].sort((a, b) => a - b);
      for (let i = 0; i < sorted.length; i += SIZE_CHUNK) {
        const range = uidRange(sorted.slice(i, i + SIZE_CHUNK));
        const rows = await inFolder(path, () => refusable(client.fetchAll(range, { uid: true, size: true, internalDate: true }, { uid: true })));
        for (const m of rows) {
          if (typeof m.size === 'number') sizes.set(m.uid, { size: m.size, internalDate: dateOf(m.internalDate) });
        }
      }
      return sizes;
    },

    streamSource<T>(path: string, uid: number, sink: StreamSink<T>): Promise<T | undefined> {
      let sinkFailure: { error: unknown } | undefined;
      return inFolder(path, async () => {
        const download = await refusable(client.download(String(uid), undefined, { uid: true, chunkSize: STREAM_PIECE_BYTES }));
        if (!download.content) return undefined;
        try {
          return await sink(mapped(download.content, mapError));
        } catch (error) {
          sinkFailure = { error };
          throw error;
        }
      }).catch((error: unknown) => { throw sinkFailure ? sinkFailure.error : error; });
    },

    async fetchHeaders(path: string, uids: readonly number[], onMessage: MessageSink): Promise<void> {
      if (uids.length === 0) return;
      const rows = await inFolder(path, () =>
        refusable(client.fetchAll(uidRange([...uids].sort((a, b) => a - b)), { uid: true, headers: true, internalDate: true, flags: true }, { uid: true })));
      for (const m of [...rows].sort((a, b) => a.uid - b.uid)) {
        if (!m.headers) continue;
        await onMessage(m.uid, m.headers, dateOf(m.internalDate), [...(m.flags ?? [])]);
      }
    },
  };
}

/** The server's NO or BAD to a FETCH (the connection stays usable) as FetchRefusedError. */
export async function refusable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    const e = err as { responseStatus?: string; code?: string } | undefined;
    if (e?.responseStatus === 'NO' || e?.responseStatus === 'BAD') {
      throw new FetchRefusedError(`the server refused to send the message (${e.responseStatus})`);
    }
    throw err;
  }
}

/** A compact UID set: consecutive runs as `a:b`. */
export function uidRange(sorted: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i]! + 1) i++;
    parts.push(start === sorted[i] ? String(start) : `${start}:${sorted[i]}`);
  }
  return parts.join(',');
}

async function* mapped(content: AsyncIterable<Buffer>, mapError: (err: unknown) => unknown): AsyncIterable<Buffer> {
  try {
    for await (const piece of content) yield piece;
  } catch (err) {
    throw mapError(err);
  }
}

function dateOf(value: Date | string | undefined): Date {
  return value instanceof Date ? value : new Date(value ?? 0);
}
