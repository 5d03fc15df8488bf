import { runGathered } from '../adapters/queue/gathered-sends.js';
import type { MailboxRecord } from '../domain/mailbox/mailbox-record.js';
import { tallyOutcomes } from '../domain/mailbox/rule-tally.js';
import { linkMessage, type LinkOutcome } from '../domain/threads/link-message.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import type { ContactDirectory } from '../domain/threads/ports.js';
import { MessageLinkingError } from '../domain/threads/thread-errors.js';
import { runJobStep } from './job-steps.js';
import type { MailRuntime } from './mail-runtime.js';
import { reindexThreads, type ThreadRef } from '../store/inbox-reindex-batch.js';
import { prefetchOwners } from '../store/owner-prefetch.js';
import { linkReadKeys } from '../store/link-prefetch.js';
import { createMessageStore } from '../store/message-store.js';
import { prefetchedTable } from '../store/prefetched-table.js';
import { stagedWrites, writeHeld, writeLast, type WriteRequest } from '../store/staged-writes.js';
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
 * The message items of the mails that claimed their identity fresh go out last, together, in
 * BatchWriteItem calls (writeLast): each after every other write of its mail, and none for a mail
 * whose earlier step failed. Nobody else writes such an item while the claim holds, so it needs no
 * condition; a second copy of the same mail in the batch met the claim (MessageLinkingError) and is
 * a duplicate once the item is written, or fails with it and is redelivered.
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
  const linked = new Map<LinkJob, LinkOutcome>();
  const lastItems = new Map<LinkJob, Record<string, unknown>>();
  const stores = new Map<LinkJob, ReturnType<typeof createMessageStore>>();
  const stats = batchedMailStats(rt.table, rt.now);
  const deps = {
    ...rt, directory: touches.directory, mailboxes: { getMailbox: oncePerBatch(rt) },
    rules: { getMailRules: oncePerSpace((s) => rt.rules.getMailRules(s)) }, staff: { staffByEmail: oncePerSpace((s) => rt.staff.staffByEmail(s)) },
  };
  // A mail's thread member, timeline and address index writes wait for every other mail's, and go
  // out together in full BatchWriteItem calls before its message item (runGathered's lane).
  const heldWrites = { sendBatch: (perMail: readonly WriteRequest[][]) => writeHeld(read, perMail) };
  const outcomes = await runGathered(jobs, LINK_CONCURRENCY, heldWrites, async (job, lane) => {
    if (job.kind !== 'link') {
      await runJobStep(rt, job);
      return;
    }
    const staged = stagedWrites(read, (requests) => lane.send(requests));
    const messages = createMessageStore(staged.table, { deferMessageItem: (item) => lastItems.set(job, item) });
    stores.set(job, messages);
    const outcome = await linkMessage({
      ...deps, activities: countingTimeline(createActivityStore(staged.table), stats.record), messages,
      threads: createThreadStore(staged.table, async (spaceId, threadId) => { written.push({ spaceId, threadId }); }),
    }, job);
    await staged.flush();
    linked.set(job, outcome);
  });
  await writeMessageItems(read, jobs, outcomes, lastItems);
  const { duplicates, ruled } = settle(jobs, outcomes, linked, lastItems);
  await Promise.all([touches.flush(), recordRuleTallies(rt, ruled), releaseClaims(rt, jobs, outcomes, linked, stores)]);
  try {
    await stats.flush(duplicates);
    await reindexThreads(rt.table, [...written, ...await threadsOf(rt, duplicates)]);
  } catch (error) {
    return jobs.map((job, i) => outcomes[i] ?? (job.kind === 'link' ? { error } : undefined));
  }
  return outcomes;
}

/** The deferred message items of the mails that succeeded, in one writeLast; a mail whose item did not land fails. */
async function writeMessageItems(t: MailRuntime['table'], jobs: readonly LinkJob[], outcomes: ({ error: unknown } | undefined)[], items: Map<LinkJob, Record<string, unknown>>): Promise<void> {
  const ready = jobs.flatMap((job, i) => (outcomes[i] === undefined && items.has(job) ? [i] : []));
  const failed = await writeLast(t, ready.map((i) => ({ PutRequest: { Item: items.get(jobs[i]!)! } })));
  for (const [n, error] of failed) {
    outcomes[ready[n]!] = { error };
    items.delete(jobs[ready[n]!]!);
  }
}

/**
 * What the batch's outcomes mean for the stats and the rule tallies, once the message items are
 * written: a copy of a mail whose claim another job of this batch held is a duplicate when that
 * job's item landed (else it stays failed, and its redelivery links it).
 */
function settle(jobs: readonly LinkJob[], outcomes: ({ error: unknown } | undefined)[], linked: Map<LinkJob, LinkOutcome>, items: Map<LinkJob, Record<string, unknown>>) {
  const stored = new Set([...items.values()].map((item) => `${String(item.spaceId)}\u0000${String(item.id)}`));
  const duplicates: { spaceId: string; id: string }[] = [];
  const ruled: { spaceId: string; mailboxId: string; status: 'kept' | 'skipped' }[] = [];
  jobs.forEach((job, i) => {
    const failure = outcomes[i]?.error;
    if (failure instanceof MessageLinkingError && stored.has(`${failure.spaceId}\u0000${failure.id}`)) {
      outcomes[i] = undefined;
      duplicates.push({ spaceId: failure.spaceId, id: failure.id });
    }
    const outcome = outcomes[i] === undefined ? linked.get(job) : undefined;
    if (!outcome || job.kind !== 'link') return;
    if (outcome.status === 'duplicate') duplicates.push({ spaceId: job.spaceId, id: outcome.id });
    if (outcome.status === 'linked') ruled.push({ spaceId: job.spaceId, mailboxId: job.mailboxId, status: 'kept' });
    if (outcome.status === 'skipped' && outcome.reason === 'rule') ruled.push({ spaceId: job.spaceId, mailboxId: job.mailboxId, status: 'skipped' });
  });
  return { duplicates, ruled };
}

/**
 * The identity claims of the mails that wrote no message item (failed, or left out by a rule) are
 * let go, so another copy of the mail or the redelivery links it at once; best effort: a claim not
 * let go lapses with its lease.
 */
async function releaseClaims(rt: MailRuntime, jobs: readonly LinkJob[], outcomes: readonly ({ error: unknown } | undefined)[],
  linked: Map<LinkJob, LinkOutcome>, stores: Map<LinkJob, { releaseClaims(): Promise<void> }>): Promise<void> {
  await Promise.all(jobs.map(async (job, i) => {
    const outcome = linked.get(job);
    const unwritten = outcomes[i] !== undefined || (outcome?.status === 'skipped' && outcome.reason === 'rule');
    if (!unwritten) return;
    await stores.get(job)?.releaseClaims().catch((error: unknown) => rt.log.warn('identity claim not released', { spaceId: job.spaceId, error: String(error) }));
  }));
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
