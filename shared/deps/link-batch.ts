import { runGathered } from '../adapters/queue/gathered-sends.js';
import type { MailboxRecord } from '../domain/mailbox/mailbox-record.js';
import { tallyOutcomes } from '../domain/mailbox/rule-tally.js';
import { linkMessage } from '../domain/threads/link-message.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import type { ContactDirectory } from '../domain/threads/ports.js';
import { relinkAddress } from '../domain/threads/relink-address.js';
import type { MailRuntime } from './mail-runtime.js';
import { prefetchOwners } from '../store/owner-prefetch.js';

const LINK_CONCURRENCY = 4;
const nothingToSend = { sendBatch: async () => [] };

/**
 * Links one SQS batch as a batch: the owners of all its mail are looked up at once (one BatchGetItem
 * for every address and domain), each mailbox is read once, and a contact's last activity is moved
 * once for the whole batch (its latest mail) instead of once per mail. Resolves each job's error
 * (undefined when it succeeded), in job order, so a failed record is reported alone.
 */
export async function linkBatch(rt: MailRuntime, jobs: readonly LinkJob[]): Promise<({ error: unknown } | undefined)[]> {
  const inline = jobs.flatMap((job) => (job.kind === 'link' && job.parsed ? [{ spaceId: job.spaceId, mail: job.parsed.mail }] : []));
  const owners = inline.length > 0 ? await prefetchOwners(rt.table, rt.directory, inline) : rt.directory;
  const touches = coalescedTouches(owners);
  const deps = { ...rt, directory: touches.directory, mailboxes: { getMailbox: oncePerBatch(rt) } };
  const ruled: { spaceId: string; mailboxId: string; status: 'kept' | 'skipped' }[] = [];
  const outcomes = await runGathered(jobs, LINK_CONCURRENCY, nothingToSend, async (job) => {
    if (job.kind === 'relink-address') {
      await relinkAddress(rt, { spaceId: job.spaceId, address: job.address, correlationId: job.correlationId });
      return;
    }
    const outcome = await linkMessage(deps, job);
    if (outcome.status === 'linked') ruled.push({ spaceId: job.spaceId, mailboxId: job.mailboxId, status: 'kept' });
    if (outcome.status === 'skipped' && outcome.reason === 'rule') ruled.push({ spaceId: job.spaceId, mailboxId: job.mailboxId, status: 'skipped' });
  });
  await Promise.all([touches.flush(), recordRuleTallies(rt, ruled)]);
  return outcomes;
}

/** One ADD per mailbox and batch; best effort like the touches: the health view's notice is not worth a redelivery. */
async function recordRuleTallies(rt: MailRuntime, ruled: Parameters<typeof tallyOutcomes>[0]): Promise<void> {
  await Promise.all(tallyOutcomes(ruled, rt.now()).map(({ spaceId, mailboxId, tally }) =>
    rt.runs.addRuleTally(spaceId, mailboxId, tally).catch((err: unknown) => rt.log.warn('rule tally not recorded', { spaceId, mailboxId, error: String(err) }))));
}

/**
 * A directory whose activity touches are gathered and written once per contact (the latest date)
 * by `flush`. Touches are best effort (the directory swallows their failures), so a record's outcome
 * does not depend on them; the contact's last activity only ever moves forward.
 */
function coalescedTouches(directory: ContactDirectory): { directory: ContactDirectory; flush(): Promise<void> } {
  const latest = new Map<string, { spaceId: string; contactId: string; at: string }>();
  return {
    directory: {
      ...directory,
      async touchContactActivity(spaceId, contactId, at) {
        const key = `${spaceId}\u0000${contactId}`;
        const seen = latest.get(key);
        if (!seen || at > seen.at) latest.set(key, { spaceId, contactId, at });
      },
    },
    async flush() {
      await Promise.all([...latest.values()].map((t) => directory.touchContactActivity(t.spaceId, t.contactId, t.at)));
    },
  };
}

/** getMailbox, read once per mailbox in a batch. */
function oncePerBatch(rt: MailRuntime): (spaceId: string, mailboxId: string) => Promise<MailboxRecord> {
  const read = new Map<string, Promise<MailboxRecord>>();
  return (spaceId, mailboxId) => {
    const key = `${spaceId}/${mailboxId}`;
    if (!read.has(key)) read.set(key, rt.mailboxes.getMailbox(spaceId, mailboxId));
    return read.get(key)!;
  };
}
