import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { POLL_SCHEDULE_MINUTES, SYNC_HEALTH_METRIC } from '../config/names.js';
import { pollMailboxes } from '../domain/threads/poll-mailboxes.js';
import { logger } from '../observability/logger.js';
import { createEmfMetrics } from '../observability/metrics.js';
import { mailRuntime } from './mail-runtime.js';

const metrics = createEmfMetrics(SYNC_HEALTH_METRIC);

/** EventBridge schedule → one sync job per connected mailbox (correlation id = the event id), and the stalled count metric. */
export const pollSchedule = middy(async (event: ScheduledEvent, _context: Context) => {
  const rt = await mailRuntime();
  const stalled = { metrics, now: rt.now, intervalMs: POLL_SCHEDULE_MINUTES * 60_000, metricName: SYNC_HEALTH_METRIC.name };
  return pollMailboxes({ mailboxes: rt.mailboxes, syncQueue: rt.syncQueue, log: rt.log, stalled }, { correlationId: event.id ?? 'schedule' });
}).use(injectLambdaContext(logger, { resetKeys: true }));
