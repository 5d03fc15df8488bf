import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { POLL_SCHEDULE_MINUTES, type FunctionName } from '../../shared/config/names.js';
import type { FunctionRuntime } from './function-runtime.js';

export interface SchedulerOptions {
  readonly runtime: FunctionRuntime;
  readonly fn?: FunctionName;
  readonly everyMinutes?: number;
  /** Fire once right away (the local stack does, so the demo mailbox syncs at start). */
  readonly runAtStart?: boolean;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface Scheduler {
  /** Fires one tick now and resolves when the handler is done (or skipped). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** An EventBridge "Scheduled Event" as the rule delivers it. */
export function scheduledEvent(now = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/mailbridge-local-poll'],
    detail: {},
  };
}

/** Invokes the poller every POLL_SCHEDULE_MINUTES like the EventBridge schedule does. */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const fn = options.fn ?? 'poll-mailboxes';
  const log = options.log ?? (() => undefined);
  const running = new Set<Promise<void>>();
  const tick = (): Promise<void> => {
    if (!options.runtime.has(fn)) return Promise.resolve();
    const run = Promise.resolve(options.runtime.invoke(fn, scheduledEvent()))
      .then(() => undefined, (err: unknown) => log('scheduled invocation failed', { fn, error: String(err) }));
    running.add(run);
    void run.finally(() => running.delete(run));
    return run;
  };
  const timer = setInterval(() => void tick(), (options.everyMinutes ?? POLL_SCHEDULE_MINUTES) * 60_000);
  timer.unref();
  if (options.runAtStart === true) void tick();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      // A tick can take up to the function timeout; shutdown waits briefly, not that long.
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref());
      await Promise.race([Promise.allSettled([...running]), grace]);
    },
  };
}
