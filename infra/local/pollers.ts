import {
  DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type MessageAttributeValue, type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { FunctionName } from '../../shared/config/names.js';
import type { FunctionRuntime } from './function-runtime.js';

/** One event source mapping: a queue, its consumer and how it is read. */
export interface PolledQueue {
  readonly url: string;
  readonly arn: string;
  readonly consumer: FunctionName;
  readonly batchSize: number;
  readonly visibilityTimeoutSeconds: number;
  /** Receive loops run at once, like the mapping's concurrent batches. Default 1. */
  readonly concurrency?: number;
}

export interface PollerOptions {
  readonly client: SQSClient;
  readonly queues: readonly PolledQueue[];
  readonly runtime: FunctionRuntime;
  /**
   * Pause after an empty receive, doubled after each further empty one up to `maxIdleDelayMs`.
   * local-aws-sqs holds a long poll for its full wait unless a whole batch arrives, so the pollers
   * emulate long polling instead: short receives, a growing pause while idle, and `wakeOn`.
   * Default 200 ms.
   */
  readonly idleDelayMs?: number;
  /** Longest idle pause. Default `idleDelayMs` (no backoff). */
  readonly maxIdleDelayMs?: number;
  /**
   * Subscribes to sends: `wake(queueUrl)` after each send to a queue. With it, one loop per queue
   * polls while idle (for redeliveries and delayed messages) and a send wakes one loop of its queue;
   * the queue's other loops receive only when a full batch says more is waiting, as an event source
   * mapping scales up. Without it every loop polls on its own pause. Returns the unsubscribe.
   */
  readonly wakeOn?: (wake: (queueUrl: string) => void) => () => void;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** The local stack's idle pauses: a redelivery waits at most 4 s; idle, the loops cost about 1 % of a core. */
export const LOCAL_POLL_IDLE = { idleDelayMs: 100, maxIdleDelayMs: 4_000 } as const;

export interface Pollers {
  stop(): Promise<void>;
}

/**
 * Starts the receive loops of each queue, behaving like a Lambda SQS event source mapping with
 * ReportBatchItemFailures: delete what succeeded, leave failed records for redelivery (and the DLQ).
 */
export function startPollers(options: PollerOptions): Pollers {
  const abort = new AbortController();
  const minMs = options.idleDelayMs ?? 200;
  const pauses = { minMs, maxMs: Math.max(minMs, options.maxIdleDelayMs ?? minMs) };
  const gates = new Map(options.queues.map((queue) => [queue.url, createGate()]));
  const unsubscribe = options.wakeOn?.((url) => gates.get(url)?.wakeOne()) ?? (() => undefined);
  const loops = options.queues.flatMap((queue) => Array.from({ length: queue.concurrency ?? 1 }, (_, index) =>
    pollQueue(options, queue, abort.signal, { gate: gates.get(queue.url)!, ...pauses, timed: index === 0 || !options.wakeOn })));
  return {
    async stop() {
      unsubscribe();
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}

/** The loops of one queue waiting for work: a send wakes one of them. */
interface Gate {
  /** Sleeps until woken, `ms` passed (never when undefined) or aborted; resolves whether it was woken. */
  wait(ms: number | undefined, signal: AbortSignal): Promise<boolean>;
  /** Wakes one waiting loop; with none waiting, the next loop to wait goes on at once. */
  wakeOne(): void;
}

function createGate(): Gate {
  const waiting: ((woken: boolean) => void)[] = [];
  let pending = false;
  return {
    wait: (ms, signal) => new Promise((resolve) => {
      if (pending || signal.aborted) {
        pending = false;
        resolve(!signal.aborted);
        return;
      }
      const timer = ms === undefined ? undefined : setTimeout(() => done(false), ms);
      const aborted = () => done(false);
      signal.addEventListener('abort', aborted, { once: true });
      waiting.push(done);
      function done(woken: boolean) {
        clearTimeout(timer);
        signal.removeEventListener('abort', aborted);
        const at = waiting.indexOf(done);
        if (at >= 0) waiting.splice(at, 1);
        resolve(woken);
      }
    }),
    wakeOne() {
      const next = waiting.shift();
      if (next) next(true);
      else pending = true;
    },
  };
}

interface LoopPacing {
  readonly gate: Gate;
  readonly minMs: number;
  readonly maxMs: number;
  /** Polls on a timer while idle (the queue's first loop, or every loop without wake-ups). */
  readonly timed: boolean;
}

async function pollQueue(options: PollerOptions, queue: PolledQueue, signal: AbortSignal, pacing: LoopPacing): Promise<void> {
  const log = options.log ?? (() => undefined);
  const maxMessages = Math.min(queue.batchSize, 10);
  let pause = pacing.minMs;
  const idle = async () => {
    const woken = await pacing.gate.wait(pacing.timed ? pause : undefined, signal);
    pause = woken ? pacing.minMs : Math.min(pause * 2, pacing.maxMs);
  };
  while (!signal.aborted) {
    try {
      if (!options.runtime.has(queue.consumer)) {
        await sleep(2_000, signal);
        continue;
      }
      const received = await options.client.send(new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: maxMessages,
        VisibilityTimeout: queue.visibilityTimeoutSeconds,
        WaitTimeSeconds: 0,
        // local-aws-sqs returns system attributes only for the legacy parameter.
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }), { abortSignal: signal });
      const messages = latestDeliveries(received.Messages ?? []);
      if (messages.length === 0) {
        await idle();
        continue;
      }
      pause = pacing.minMs;
      // A full batch means more may be waiting: one more loop of this queue receives meanwhile.
      const full = (received.Messages ?? []).length >= maxMessages;
      if (full) pacing.gate.wakeOne();
      const failed = await deliverBatch(options.runtime, queue, messages, log);
      const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
      if (done.length > 0) {
        await options.client.send(new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }));
      }
      // The queue was drained when this batch was received: receive again when a send says so.
      if (!full) await idle();
    } catch (err) {
      if (signal.aborted) return;
      log('queue poller error', { queue: queue.url, error: String(err) });
      await sleep(1_000, signal);
    }
  }
}

/** Calls the consumer once; resolves the ids to leave on the queue (all of them on a whole-batch failure). */
export async function deliverBatch(
  runtime: FunctionRuntime, queue: PolledQueue, messages: readonly Message[],
  log: (message: string, fields?: Record<string, unknown>) => void = () => undefined,
): Promise<Set<string>> {
  const all = new Set(messages.map((m) => m.MessageId ?? ''));
  const event: SQSEvent = { Records: messages.map((m) => toRecord(m, queue.arn)) };
  let result: unknown;
  try {
    result = await runtime.invoke(queue.consumer, event);
  } catch (err) {
    log('consumer threw; whole batch fails', { fn: queue.consumer, error: String(err) });
    return all;
  }
  const failures = (result as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return all;
  const ids = failures.map((f) => (f as { itemIdentifier?: unknown } | null)?.itemIdentifier);
  // Lambda treats an empty, missing or unknown identifier as a failure of the whole batch.
  if (ids.some((id) => typeof id !== 'string' || !all.has(id))) {
    log('consumer returned an invalid itemIdentifier; whole batch fails', { fn: queue.consumer });
    return all;
  }
  return new Set(ids as string[]);
}

/** local-aws-sqs can hand out one message twice in a batch; keep its newest delivery. */
function latestDeliveries(messages: readonly Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const m of messages) byId.set(m.MessageId ?? '', m);
  return [...byId.values()];
}

function toRecord(m: Message, arn: string): SQSRecord {
  const attrs = m.Attributes ?? {};
  return {
    messageId: m.MessageId ?? '',
    receiptHandle: m.ReceiptHandle ?? '',
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attrs['ApproximateReceiveCount'] ?? '1',
      SentTimestamp: attrs['SentTimestamp'] ?? String(Date.now()),
      SenderId: attrs['SenderId'] ?? 'local',
      ApproximateFirstReceiveTimestamp: attrs['ApproximateFirstReceiveTimestamp'] ?? String(Date.now()),
      ...(attrs['MessageGroupId'] !== undefined ? { MessageGroupId: attrs['MessageGroupId'] } : {}),
      ...(attrs['MessageDeduplicationId'] !== undefined ? { MessageDeduplicationId: attrs['MessageDeduplicationId'] } : {}),
      ...(attrs['AWSTraceHeader'] !== undefined ? { AWSTraceHeader: attrs['AWSTraceHeader'] } : {}),
    },
    messageAttributes: toLambdaAttributes(m.MessageAttributes ?? {}),
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: arn.split(':')[3] ?? 'us-east-1',
  };
}

function toLambdaAttributes(attrs: Record<string, MessageAttributeValue>): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, a] of Object.entries(attrs)) {
    out[name] = {
      dataType: a.DataType ?? 'String',
      ...(a.StringValue !== undefined ? { stringValue: a.StringValue } : {}),
      ...(a.BinaryValue !== undefined ? { binaryValue: Buffer.from(a.BinaryValue).toString('base64') } : {}),
      stringListValues: a.StringListValues ?? [],
      binaryListValues: (a.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
    };
  }
  return out;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
