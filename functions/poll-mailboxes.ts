import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { pollMailboxes } from '../shared/domain/threads/poll-mailboxes.js';
import { logger } from '../shared/observability/logger.js';
import { mailRuntime } from '../shared/store/mail-runtime.js';

/** EventBridge schedule → one sync job per connected mailbox (correlation id = the event id). */
export const handler = middy(async (event: ScheduledEvent, _context: Context) => {
  const rt = await mailRuntime();
  return pollMailboxes({ mailboxes: rt.mailboxes, syncQueue: rt.syncQueue, log: rt.log }, { correlationId: event.id ?? 'schedule' });
}).use(injectLambdaContext(logger, { resetKeys: true }));
