import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { pollMailboxes } from '../shared/domain/threads/poll-mailboxes.js';
import { POLL_SCHEDULE_MINUTES, SYNC_HEALTH_METRIC } from '../shared/config/names.js';
import { logger } from '../shared/observability/logger.js';
import { createEmfMetrics } from '../shared/observability/metrics.js';
import { mailRuntime } from '../shared/deps/mail-runtime.js';

const metrics = createEmfMetrics(SYNC_HEALTH_METRIC);

/** EventBridge schedule → one sync job per connected mailbox (correlation id = the event id), and the stalled count metric. */
export const handler = middy(async (event: ScheduledEvent, _context: Context) => {
  const rt = await mailRuntime();
  const stalled = { metrics, now: rt.now, intervalMs: POLL_SCHEDULE_MINUTES * 60_000, metricName: SYNC_HEALTH_METRIC.name };
  return pollMailboxes({ mailboxes: rt.mailboxes, syncQueue: rt.syncQueue, log: rt.log, stalled }, { correlationId: event.id ?? 'schedule' });
}).use(injectLambdaContext(logger, { resetKeys: true }));
