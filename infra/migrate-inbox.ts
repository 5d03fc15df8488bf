import { createSqsQueue } from '../shared/adapters/queue/sqs-queue.js';
import { requireEnv } from '../shared/config/config.js';
import { startAllInboxMigrations } from './migrate-inbox-spaces.js';
import { LINK_JOB_MAX_BYTES, type LinkJob } from '../shared/domain/threads/pipeline-jobs.js';
import { defaultTable } from '../shared/store/dynamo.js';

/**
 * One-off after deploying the inbox state facets: queues the move of every Space that has not
 * finished it, so Spaces nobody opens move too (an opened Space starts its own). Run with the
 * deployed names and an operator's credentials (DynamoDB Scan on the table, SQS SendMessage):
 * `TABLE_NAME=… LINK_QUEUE_URL=… npx tsx infra/migrate-inbox.ts` (docs/inbox.md).
 */
const queue = createSqsQueue<LinkJob>(requireEnv('linkQueueUrl'), { maxBodyBytes: LINK_JOB_MAX_BYTES });
const spaces = await startAllInboxMigrations(defaultTable(), queue, { now: new Date(), correlationId: `migrate-inbox-${Date.now()}`, log: { warn: (message, fields) => console.warn(message, fields) } });
console.log(JSON.stringify({ message: 'inbox state facet moves started or running', spaces: spaces.length }));
