/**
 * Several jobs in one SQS message, so that a queue hop costs one send, receive and delete per
 * envelope instead of one per job (SendMessageBatch and ReceiveMessage stop at 10 messages).
 * Wire form: `{"v":1,"jobs":[<job>,...]}`; a message without `jobs` is a single job, as senders of
 * one job (retries, relinks) still send them.
 */
export interface Envelope<T> {
  readonly v: 1;
  readonly jobs: readonly T[];
}

/**
 * Largest envelope: SQS bills each started 64 KiB of a payload as one request, so a bigger one would
 * save HTTP calls but not money, and would make a failed receive redo more work.
 */
export const ENVELOPE_MAX_BYTES = 64 * 1024;
/** Jobs per envelope at most: what one worker invocation redoes at worst when it crashes. */
export const ENVELOPE_MAX_JOBS = 50;

const OPEN = '{"v":1,"jobs":[';
const CLOSE = ']}';

/** Serialized jobs packed in order into envelopes; `indexes` say which jobs each one holds. */
export interface PackedEnvelope {
  readonly body: string;
  readonly indexes: readonly number[];
}

/**
 * Packs serialized jobs into envelopes of at most `maxBytes` and `maxJobs`. A job too big to share
 * an envelope travels as itself, unwrapped (its own limit is checked by the queue).
 */
export function packEnvelopes(bodies: readonly string[], maxBytes = ENVELOPE_MAX_BYTES, maxJobs = ENVELOPE_MAX_JOBS): PackedEnvelope[] {
  const overhead = Buffer.byteLength(OPEN) + Buffer.byteLength(CLOSE);
  const out: PackedEnvelope[] = [];
  let current: number[] = [];
  let bytes = overhead;
  const close = () => {
    if (current.length === 0) return;
    out.push({ body: OPEN + current.map((i) => bodies[i]).join(',') + CLOSE, indexes: current });
    current = [];
    bytes = overhead;
  };
  bodies.forEach((body, index) => {
    const size = Buffer.byteLength(body);
    if (overhead + size > maxBytes) {
      close();
      out.push({ body, indexes: [index] });
      return;
    }
    const separator = current.length > 0 ? 1 : 0;
    if (current.length === maxJobs || bytes + separator + size > maxBytes) close();
    bytes += (current.length > 0 ? 1 : 0) + size;
    current.push(index);
  });
  close();
  return out;
}

/** The jobs a queue message carries: an envelope's, or the message itself. */
export function openEnvelope(body: unknown): { readonly jobs: readonly unknown[]; readonly enveloped: boolean } {
  if (typeof body === 'object' && body !== null && Array.isArray((body as { jobs?: unknown }).jobs) && (body as { v?: unknown }).v === 1) {
    return { jobs: (body as { jobs: unknown[] }).jobs, enveloped: true };
  }
  return { jobs: [body], enveloped: false };
}
