import { createSqsQueue, type Queue } from '../adapters/queue/sqs-queue.js';
import { once, requireEnv } from '../config/config.js';
import type { Contact } from '../domain/contacts/contact.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import { requestRelink } from '../domain/threads/request-relink.js';
import { log, type Log } from '../observability/logger.js';

const linkQueue = once((): Queue<LinkJob> => createSqsQueue<LinkJob>(requireEnv('linkQueueUrl')));

/**
 * Asks the linker to give a contact the past mail of the addresses it gained (create, PATCH that
 * adds emails, restore). `before` is the address list before the change; only new ones are sent.
 *
 * A failure to enqueue is logged, never thrown: the contact write is already committed, and failing
 * the request would make the client retry a create that succeeded (409 duplicate email). The job is
 * a repair, not the record: a lost one leaves past mail unlinked until the address is re-added, and
 * new mail from the address links normally. The SQS client already retries transient errors.
 */
export async function relinkNewAddresses(
  input: { before: readonly string[]; after: Contact; correlationId: string },
  queue?: Queue<LinkJob>,
  errors: Pick<Log, 'error'> = log,
): Promise<void> {
  const known = new Set(input.before.map((a) => a.toLowerCase()));
  const addresses = input.after.emails.filter((a) => !known.has(a.toLowerCase()));
  if (addresses.length === 0) return;
  try {
    await requestRelink(queue ?? linkQueue(), { spaceId: input.after.spaceId, addresses, correlationId: input.correlationId });
  } catch (error) {
    errors.error('relink request failed', { spaceId: input.after.spaceId, contactId: input.after.id, addresses: addresses.length, error: error as Error });
  }
}
