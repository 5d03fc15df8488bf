import { runGathered } from '../adapters/queue/gathered-sends.js';
import type { MailboxRecord } from '../domain/mailbox/mailbox-record.js';
import { tallyOutcomes } from '../domain/mailbox/rule-tally.js';
import { runInboxMigrationStep } from './inbox-migration-job.js';
import { linkMessage } from '../domain/threads/link-message.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import type { ContactDirectory } from '../domain/threads/ports.js';
import { relinkAddress } from '../domain/threads/relink-address.js';
import { runBlocklistStep } from './blocklist-job.js';
import { runRelinkDomainStep } from './domain-relink-job.js';
import { runReapplyStep } from './reapply-job.js';
import { runImportSkippedStep } from './import-skipped-job.js';
import type { MailRuntime } from './mail-runtime.js';
import { reindexThreads, type ThreadRef } from '../store/inbox-reindex-batch.js';
import { prefetchOwners } from '../store/owner-prefetch.js';
import { linkReadKeys } from '../store/link-prefetch.js';
import { createMessageStore } from '../store/message-store.js';
import { prefetchedTable } from '../store/prefetched-table.js';
import { stagedWrites, writeHeld, type WriteRequest } from '../store/staged-writes.js';
import { createThreadStore } from '../store/thread-store.js';
import { createActivityStore } from '../store/activity-store.js';
import { batchedMailStats, countingTimeline } from './customer-stats.js';

/** Mails linked at once: with the link function's coalescingTable, their reads and unconditional writes go out together. */
const LINK_CONCURRENCY = 4;

/**
 * Links one SQS batch as a batch, LINK_CONCURRENCY mails at once (the link function's stores go
 * through coalescingTable, so their GetItem calls and unconditional puts go out together as
 * BatchGetItem and BatchWriteItem calls); what every mail reads first (is its identity stored, its
 * parents' threads, its derived thread item, the email and domain index items of its addresses) is
 * read ahead for the whole batch in BatchGetItem calls of 100 keys (prefetchedTable), each mailbox, the Space's mail rules and its staff list are read
 * once, a contact's last activity is moved once for the whole batch (its latest mail) instead of
 * once per mail, the customer stats take the batch's interactions in one transaction
 * (batchedMailStats), and the inbox index of every thread the batch wrote is brought up to date
 * together at the end (reindexThreads). Resolves each job's error (undefined when it succeeded),
 * in job order, so a failed record is reported alone.
 *
 * The stats and the index come after the message items, so a mail already stored (a redelivery)
 * has its interaction folded in and its thread indexed again, which is a read when nothing is
 * missing; when either write fails, every mail of the batch is reported failed, and their
 * redelivery finishes it.
 */
export async function linkBatch(rt: MailRuntime, jobs: readonly LinkJob[]): Promise<({ error: unknown } | undefined)[]> {
  const inline = jobs.flatMap((job) => (job.kind === 'link' && job.parsed ? [{ spaceId: job.spaceId, mail: job.parsed.mail }] : []));
  // Every mail's first reads (identity, parents, thread, owners) in one BatchGetItem per 100 keys.
  const read = inline.length > 0 ? await prefetchedTable(rt.table, linkReadKeys(inline)) : rt.table;
  const owners = inline.length > 0 ? await prefetchOwners(read, rt.directory, inline) : rt.directory;
  const touches = coalescedTouches(owners);
  const written: ThreadRef[] = [];
  const duplicates: { spaceId: string; id: string }[] = [];
  const ruled: { spaceId: string; mailboxId: string; status: 'kept' | 'skipped' }[] = [];
  const stats = batchedMailStats(rt.table, rt.now);
  const deps = {
    ...rt, directory: touches.directory, mailboxes: { getMailbox: oncePerBatch(rt) },
    rules: { getMailRules: oncePerSpace((s) => rt.rules.getMailRules(s)) }, staff: { staffByEmail: oncePerSpace((s) => rt.staff.staffByEmail(s)) },
  };
  // A mail's thread member, timeline and address index writes wait for every other mail's, and go
  // out together in full BatchWriteItem calls before its message item (runGathered's lane).
  const heldWrites = { sendBatch: (perMail: readonly WriteRequest[][]) => writeHeld(read, perMail) };
  const outcomes = await runGathered(jobs, LINK_CONCURRENCY, heldWrites, async (job, lane) => {
    if (job.kind === 'apply-blocklist') {
      await runBlocklistStep(rt.table, rt.linkQueue, job);
      return;
    }
    if (job.kind === 'relink-domain') {
      await runRelinkDomainStep(rt, job);
      return;
    }
    if (job.kind === 'reapply-rules') {
      await runReapplyStep(rt, job);
      return;
    }
    if (job.kind === 'migrate-inbox') {
      await runInboxMigrationStep(rt.table, rt.linkQueue, job, { now: rt.now, log: rt.log });
      return;
    }
    if (job.kind === 'import-skipped') {
      await runImportSkippedStep(rt, job);
      return;
    }
    if (job.kind === 'relink-address') {
      await relinkAddress(rt, { spaceId: job.spaceId, address: job.address, correlationId: job.correlationId });
      return;
    }
    const staged = stagedWrites(read, (requests) => lane.send(requests));
    const outcome = await linkMessage({
      ...deps, messages: createMessageStore(staged.table), activities: countingTimeline(createActivityStore(staged.table), stats.record),
      threads: createThreadStore(staged.table, async (spaceId, threadId) => { written.push({ spaceId, threadId }); }),
    }, job);
    await staged.flush();
    if (outcome.status === 'duplicate') duplicates.push({ spaceId: job.spaceId, id: outcome.id });
    if (outcome.status === 'linked') ruled.push({ spaceId: job.spaceId, mailboxId: job.mailboxId, status: 'kept' });
    if (outcome.status === 'skipped' && outcome.reason === 'rule') ruled.push({ spaceId: job.spaceId, mailboxId: job.mailboxId, status: 'skipped' });
  });
  await Promise.all([touches.flush(), recordRuleTallies(rt, ruled)]);
  try {
    await stats.flush(duplicates);
    await reindexThreads(rt.table, [...written, ...await threadsOf(rt, duplicates)]);
  } catch (error) {
    return jobs.map((job, i) => outcomes[i] ?? (job.kind === 'link' ? { error } : undefined));
  }
  return outcomes;
}

/** The threads of mails found stored already (one BatchGetItem per Space). */
async function threadsOf(rt: MailRuntime, mails: readonly { spaceId: string; id: string }[]): Promise<ThreadRef[]> {
  const bySpace = new Map<string, string[]>();
  for (const m of mails) bySpace.set(m.spaceId, [...(bySpace.get(m.spaceId) ?? []), m.id]);
  const found = await Promise.all([...bySpace].map(async ([spaceId, ids]) =>
    [...(await rt.messages.threadIdsOf(spaceId, ids)).values()].map((threadId) => ({ spaceId, threadId }))));
  return found.flat();
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

/** A Space's settings read once per batch (a change lands with the next batch, as for the mailbox). */
function oncePerSpace<T>(read: (spaceId: string) => Promise<T>): (spaceId: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (spaceId) => {
    if (!seen.has(spaceId)) seen.set(spaceId, read(spaceId));
    return seen.get(spaceId)!;
  };
}
