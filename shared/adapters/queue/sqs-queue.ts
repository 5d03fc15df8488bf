import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { once } from '../../config/config.js';

/** The port workers and use cases send to; one per queue. */
export interface Queue<T> {
  send(message: T, options?: { delaySeconds?: number }): Promise<void>;
}

const MAX_BODY_BYTES = 4096;
const sqsClient = once(() => new SQSClient({}));

/** An SQS-backed queue. Bodies are claim checks, so anything over 4 KiB is a bug, refused early (Q6). */
export const createSqsQueue = <T>(queueUrl: string, client: SQSClient = sqsClient()): Queue<T> => ({
  async send(message, options) {
    const body = JSON.stringify(message);
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw new Error(`Queue message of ${Buffer.byteLength(body)} bytes exceeds ${MAX_BODY_BYTES}`);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, DelaySeconds: options?.delaySeconds }));
  },
});

/** An in-memory queue for unit tests: `sent` holds what was sent. */
export const createMemoryQueue = <T>(): Queue<T> & { sent: T[] } => {
  const sent: T[] = [];
  return { sent, async send(message) { sent.push(message); } };
};
