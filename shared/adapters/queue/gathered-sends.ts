import type { Queue } from './sqs-queue.js';

/** What each item's work sends through: its messages go out together with the other items'. */
export interface Lane<M> {
  send(message: M): Promise<void>;
}

interface Waiting<M> {
  readonly message: M;
  resolve(): void;
  reject(error: unknown): void;
}

/** The message was not queued: its item fails alone. */
export class NotQueuedError extends Error {}

/**
 * Runs `work` for every item, at most `concurrency` at once, and gathers what they send: once every
 * item has either sent or finished, the gathered messages go out in one `sendBatch` (SendMessageBatch
 * calls of 10), and each sender resumes with the outcome of its own message. An item waiting for
 * the flush frees its place, so a batch never waits on itself. Resolves each item's error (undefined
 * when it succeeded), in item order.
 */
export function runGathered<T, M>(
  items: readonly T[], concurrency: number, queue: Pick<Queue<M>, 'sendBatch'>,
  work: (item: T, lane: Lane<M>) => Promise<void>,
): Promise<({ error: unknown } | undefined)[]> {
  const outcomes: ({ error: unknown } | undefined)[] = new Array(items.length).fill(undefined);
  const waiting: Waiting<M>[] = [];
  let next = 0;
  let active = 0;
  let finished = 0;
  let flushing = false;
  return new Promise((resolveAll) => {
    const flush = async () => {
      flushing = true;
      const batch = waiting.splice(0);
      let unsent: Set<number>;
      let failure: unknown = new NotQueuedError('the message could not be queued');
      try {
        unsent = new Set(await queue.sendBatch(batch.map((w) => w.message)));
      } catch (error) {
        unsent = new Set(batch.map((_, i) => i));
        failure = error;
      }
      flushing = false;
      // The senders go on with their work (what follows their send) as active items again.
      active += batch.length;
      batch.forEach((w, i) => (unsent.has(i) ? w.reject(failure) : w.resolve()));
    };
    const pump = () => {
      while (active < concurrency && next < items.length) start(next++);
      if (finished === items.length) resolveAll(outcomes);
      else if (active === 0 && next === items.length && waiting.length > 0 && !flushing) void flush();
    };
    const start = (index: number) => {
      active++;
      const lane: Lane<M> = {
        send: (message) => new Promise<void>((resolve, reject) => {
          waiting.push({ message, resolve, reject });
          active--;
          pump();
        }),
      };
      work(items[index]!, lane)
        .catch((error: unknown) => { outcomes[index] = { error }; })
        .finally(() => { active--; finished++; pump(); });
    };
    pump();
  });
}
