import type { MessageSize } from './ports.js';

export interface FetchLimits {
  /** Mail above this is kept as headers and a "too large" marker. */
  readonly maxMessageBytes: number;
  /** Mail above this (and within the cap) is streamed to the bucket on its own. */
  readonly streamAboveBytes: number;
  /** Bytes of one batched FETCH of smaller mail. */
  readonly batchBytes: number;
  /** UIDs of one batched FETCH. */
  readonly batchCount: number;
}

/** One FETCH step of a folder sync, in ascending UID order; `lastUid` is where the cursor may move after it. */
export type FetchStep =
  | { readonly kind: 'batch'; readonly uids: readonly number[]; readonly bytes: number; readonly lastUid: number }
  | { readonly kind: 'stream'; readonly uid: number; readonly bytes: number; readonly lastUid: number }
  | { readonly kind: 'headers'; readonly uid: number; readonly size: number; readonly bytes: number; readonly lastUid: number };

/**
 * Splits a folder's new UIDs into FETCH steps bounded by bytes (RFC822.SIZE), so no step holds
 * more than `batchBytes` (or one streamed message) in memory. UIDs without a size were expunged
 * since the SEARCH: they get no step, and the next step's cursor passes them. A size of NaN (the
 * server would not tell it) makes a streamed step: memory stays bounded whatever arrives.
 */
export function planFetch(uids: readonly number[], sizes: ReadonlyMap<number, MessageSize>, limits: FetchLimits): FetchStep[] {
  const steps: FetchStep[] = [];
  let batch: number[] = [];
  let batchBytes = 0;
  const flush = () => {
    if (batch.length === 0) return;
    steps.push({ kind: 'batch', uids: batch, bytes: batchBytes, lastUid: batch[batch.length - 1]! });
    batch = [];
    batchBytes = 0;
  };
  for (const uid of [...uids].sort((a, b) => a - b)) {
    const size = sizes.get(uid)?.size;
    if (size === undefined) continue;
    if (Number.isNaN(size)) {
      flush();
      steps.push({ kind: 'stream', uid, bytes: 0, lastUid: uid });
    } else if (size > limits.maxMessageBytes) {
      flush();
      steps.push({ kind: 'headers', uid, size, bytes: 0, lastUid: uid });
    } else if (size > limits.streamAboveBytes) {
      flush();
      steps.push({ kind: 'stream', uid, bytes: size, lastUid: uid });
    } else {
      if (batch.length > 0 && (batchBytes + size > limits.batchBytes || batch.length >= limits.batchCount)) flush();
      batch.push(uid);
      batchBytes += size;
    }
  }
  flush();
  return steps;
}
