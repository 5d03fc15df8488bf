import { runGathered } from '../adapters/queue/gathered-sends.js';
import { sqsBatchWorker } from '../adapters/queue/sqs-worker.js';
import type { MailboxRecord } from '../domain/mailbox/mailbox-record.js';
import { linkMessage } from '../domain/threads/link-message.js';
import { linkJob, type LinkJob } from '../domain/threads/pipeline-jobs.js';
import { relinkAddress } from '../domain/threads/relink-address.js';
import { prefetchOwners } from '../store/owner-prefetch.js';
import { mailRuntime, type MailRuntime } from './mail-runtime.js';

const LINK_CONCURRENCY = 4;
const nothingToSend = { sendBatch: async () => [] };

/**
 * Linker worker: a batch's owners are looked up at once (one BatchGetItem for every address and
 * domain on its mail) and each mailbox is read once, then each mail is linked; relink jobs relink an
 * address's history. A record that fails is reported alone.
 */
export const linkWorker = sqsBatchWorker(linkJob, async (items) => {
  const rt = await mailRuntime();
  const inline = items.flatMap(({ body }) => (body.kind === 'link' && body.parsed ? [{ spaceId: body.spaceId, mail: body.parsed.mail }] : []));
  const directory = inline.length > 0 ? await prefetchOwners(rt.table, rt.directory, inline) : rt.directory;
  const deps = { ...rt, directory, mailboxes: { getMailbox: oncePerBatch(rt) } };
  return runGathered(items, LINK_CONCURRENCY, nothingToSend, async ({ body: job }) => {
    if (job.kind === 'relink-address') {
      await relinkAddress(rt, { spaceId: job.spaceId, address: job.address, correlationId: job.correlationId });
      return;
    }
    await linkMessage(deps, job as Extract<LinkJob, { kind: 'link' }>);
  });
});

/** getMailbox, read once per mailbox in a batch. */
function oncePerBatch(rt: MailRuntime): (spaceId: string, mailboxId: string) => Promise<MailboxRecord> {
  const read = new Map<string, Promise<MailboxRecord>>();
  return (spaceId, mailboxId) => {
    const key = `${spaceId}/${mailboxId}`;
    if (!read.has(key)) read.set(key, rt.mailboxes.getMailbox(spaceId, mailboxId));
    return read.get(key)!;
  };
}
