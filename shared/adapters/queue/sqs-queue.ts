import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { once } from '../../config/config.js';
import { packEnvelopes } from './envelope.js';

/** The port workers and use cases send to; one per queue. */
export interface Queue<T> {
  send(message: T, options?: { delaySeconds?: number }): Promise<void>;
  /**
   * Sends many messages in as few requests as the queue allows: packed into envelopes (envelope.ts),
   * the envelopes in SendMessageBatch calls (10 entries and 256 KiB a call). Resolves the indexes of
   * the messages that could not be sent (their envelope refused, or its call failed), so a batch
   * worker can fail exactly their records.
   */
  sendBatch(messages: readonly T[]): Promise<number[]>;
  /**
   * Sends messages again as envelopes after `delaySeconds` (a batch worker's failed jobs out of an
   * envelope whose other jobs are done). @throws when any of them could not be sent
   */
  requeue(messages: readonly T[], delaySeconds: number): Promise<void>;
}

export interface SqsQueueOptions {
  /** Largest body accepted; bigger ones are a bug (claim checks), refused early. @default 4096 */
  readonly maxBodyBytes?: number;
}

/** SQS's limits: 10 entries and 256 KiB of bodies per SendMessageBatch call. */
export const SQS_BATCH_ENTRIES = 10;
export const SQS_MAX_PAYLOAD_BYTES = 256 * 1024;
const RESEND_ROUNDS = 3;
const sqsClient = once(() => new SQSClient({}));

const bodyOf = (message: unknown, max: number): string => {
  const body = JSON.stringify(message);
  const size = Buffer.byteLength(body);
  if (size > max) throw new Error(`Queue message of ${size} bytes exceeds ${max}`);
  return body;
};

/** Splits bodies into SendMessageBatch calls: at most 10 entries and 256 KiB each. */
export function planBatches(sizes: readonly number[]): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, index) => {
    if (current.length === SQS_BATCH_ENTRIES || (current.length > 0 && bytes + size > SQS_MAX_PAYLOAD_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

/** An SQS-backed queue. Bodies over `maxBodyBytes` are refused before any request (RELIABILITY Q6). */
export const createSqsQueue = <T>(queueUrl: string, options: SqsQueueOptions = {}, client: SQSClient = sqsClient()): Queue<T> => {
  const max = Math.min(options.maxBodyBytes ?? 4096, SQS_MAX_PAYLOAD_BYTES);
  return {
    async send(message, sendOptions) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: bodyOf(message, max), DelaySeconds: sendOptions?.delaySeconds }));
    },
    async sendBatch(messages) {
      return sendEnvelopes(client, queueUrl, messages.map((m) => bodyOf(m, max)));
    },
    async requeue(messages, delaySeconds) {
      const unsent = await sendEnvelopes(client, queueUrl, messages.map((m) => bodyOf(m, max)), delaySeconds);
      if (unsent.length > 0) throw new Error(`${unsent.length} of ${messages.length} messages could not be queued again`);
    },
  };
};

/** Packs bodies into envelopes and sends them; resolves the indexes of the bodies not sent. */
async function sendEnvelopes(client: SQSClient, queueUrl: string, bodies: readonly string[], delaySeconds?: number): Promise<number[]> {
  const envelopes = packEnvelopes(bodies);
  const failed: number[] = [];
  for (const batch of planBatches(envelopes.map((e) => Buffer.byteLength(e.body)))) {
    let pending = batch;
    // Entries SQS refused (throttled, internal errors) are sent again; the rest are reported.
    for (let round = 0; pending.length > 0 && round < RESEND_ROUNDS; round++) {
      try {
        const out = await client.send(new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: pending.map((i) => ({ Id: String(i), MessageBody: envelopes[i]!.body, ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}) })),
        }));
        pending = (out.Failed ?? []).map((f) => Number(f.Id));
      } catch {
        break; // the SDK already retried the call: its entries are reported as not sent
      }
    }
    failed.push(...pending.flatMap((i) => envelopes[i]!.indexes));
  }
  return failed.sort((a, b) => a - b);
}

/**
 * An in-memory queue for unit tests: `sent` holds what was sent (jobs, out of their envelopes),
 * `batches` the jobs of each queue message sendBatch sent (the envelopes), `requeued` what was
 * queued again with its delay.
 */
export const createMemoryQueue = <T>(): Queue<T> & { sent: T[]; batches: number[]; requeued: { messages: T[]; delaySeconds: number }[] } => {
  const sent: T[] = [];
  const batches: number[] = [];
  const requeued: { messages: T[]; delaySeconds: number }[] = [];
  return {
    sent, batches, requeued,
    async send(message) { sent.push(message); },
    async sendBatch(messages) {
      for (const envelope of packEnvelopes(messages.map((m) => JSON.stringify(m)))) {
        batches.push(envelope.indexes.length);
        sent.push(...envelope.indexes.map((i) => messages[i]!));
      }
      return [];
    },
    async requeue(messages, delaySeconds) { requeued.push({ messages: [...messages], delaySeconds }); },
  };
};
