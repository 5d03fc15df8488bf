import type { AuditEntry } from '../audit/audit-entry.js';
import type { CustomerEventRecord } from '../customers/record-customer-event.js';
import { isBlocked } from './mail-privacy.js';
import { walkThreadPages } from './walk-thread-pages.js';

/** A thread as the blocklist job reads it: who is on it, and whether a blocklist entry hides it now. */
export interface HidableThread {
  readonly id: string;
  readonly participants: readonly string[];
  readonly messageIds: readonly string[];
  /** The entries that hid it, when hidden. */
  readonly hiddenBy?: readonly string[];
  /** Counts hide transitions; names the customer-stat events of each one so a retry counts once. */
  readonly hideSeq: number;
}

/** What the job needs of a message to take it out of (or put it back into) customer stats. */
export interface HidableMessage {
  readonly id: string;
  readonly date: string;
  readonly contactIds: readonly string[];
  readonly companyIds: readonly string[];
  readonly automated?: unknown;
}

export interface HideMark { readonly entries: readonly string[]; readonly at: string; readonly jobId: string }

export interface ThreadHiding {
  pageThreads(spaceId: string, limit: number, startKey?: Record<string, unknown>): Promise<{ items: HidableThread[]; lastKey?: Record<string, unknown> }>;
  messagesOf(spaceId: string, ids: readonly string[]): Promise<HidableMessage[]>;
  /** Conditional on `seq - 1` and not hidden; false when another writer got there first. */
  hide(spaceId: string, threadId: string, mark: HideMark, seq: number): Promise<boolean>;
  /** Conditional on `seq` and hidden; false when another writer got there first. */
  show(spaceId: string, threadId: string, seq: number): Promise<boolean>;
}

/** The progress of one blocklist job (audited when done). */
export interface BlocklistJobState {
  readonly jobId: string;
  readonly spaceId: string;
  readonly userId: string;
  readonly requestId: string;
  readonly startedAt: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** The serialized start key of the next page; absent on the first and once done. */
  readonly cursor?: string;
  /** The cursor of the step that last advanced the job (a replay of it queues the next step again). */
  readonly previous?: string;
  readonly scanned: number;
  readonly hidden: number;
  readonly shown: number;
  readonly messages: number;
  readonly done: boolean;
  readonly finishedAt?: string;
}

export interface BlocklistJobs {
  get(spaceId: string, jobId: string): Promise<BlocklistJobState | undefined>;
  /** Moves the cursor from `from` on, adding the counts; false when the job was already past `from` (a replay). */
  advance(spaceId: string, jobId: string, from: string | undefined, next: string | undefined, add: { scanned: number; hidden: number; shown: number; messages: number }, at: string): Promise<boolean>;
}

export interface ApplyBlocklistDeps {
  readonly blocklist: (spaceId: string) => Promise<readonly string[]>;
  readonly threads: ThreadHiding;
  readonly jobs: BlocklistJobs;
  readonly record: (r: CustomerEventRecord | undefined) => Promise<void>;
  /** Writes an audit row; a row with the same id and time already written is no error. */
  readonly audit: (a: AuditEntry) => Promise<void>;
  readonly continueJob: (job: { spaceId: string; jobId: string; cursor: string }) => Promise<void>;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** Threads read per step: one SQS message walks this many, then queues the rest of the walk. */
export const BLOCKLIST_PAGE = 100;

/** Entries the mail-rules re-apply job hides with (`exclusion:<id>`, `import-policy:…`): never the blocklist's to show again. */
const byRules = (entries: readonly string[]): boolean => entries.some((e) => e.startsWith('exclusion:') || e.startsWith('import-policy:'));

const blockedBy = (blocklist: readonly string[], participants: readonly string[]): string[] =>
  blocklist.filter((entry) => participants.some((p) => isBlocked([entry], p.toLowerCase())));

/** Each hidden mail leaves its customers' interaction counts (`delta -1`), and comes back on show (`+1`). */
export async function moveStats(
  deps: { threads: Pick<ThreadHiding, 'messagesOf'>; record: ApplyBlocklistDeps['record'] }, spaceId: string, thread: HidableThread, seq: number, delta: 1 | -1): Promise<number> {
  const messages = await deps.threads.messagesOf(spaceId, thread.messageIds);
  for (const m of messages) {
    const owners = [...m.contactIds.map((id) => ({ kind: 'contact' as const, id })), ...m.companyIds.map((id) => ({ kind: 'company' as const, id }))];
    if (m.automated || owners.length === 0) continue;
    await deps.record({ spaceId, eventId: `msg#${m.id}#${delta < 0 ? 'hidden' : 'shown'}#${seq}`, owners, event: { kind: 'interaction', at: m.date, delta }, space: true });
  }
  return messages.length;
}

/**
 * One step of the job that makes the stored soft delete agree with the blocklist: walks a page of
 * the Space's threads newest first, hides each thread with a listed participant (it then leaves the
 * inbox counts, facets, search and its customers' stats) and shows each hidden one no entry names
 * any more, then queues the next page. Stats move before the thread flips, under ids named by the
 * transition, so a retry at any point counts each mail once. A replayed step (the job is past it) does nothing.
 */
export async function applyBlocklistStep(deps: ApplyBlocklistDeps, input: { spaceId: string; jobId: string; cursor?: string }): Promise<BlocklistJobState | undefined> {
  const { spaceId, jobId } = input;
  const job = await deps.jobs.get(spaceId, jobId);
  if (!job) return undefined;
  if (job.done || job.cursor !== input.cursor) return replayed(deps, job, input.cursor);
  const blocklist = await deps.blocklist(spaceId);
  const at = deps.now().toISOString();
  const walked = await walkThreadPages({
    cursor: input.cursor,
    page: (startKey) => deps.threads.pageThreads(spaceId, BLOCKLIST_PAGE, startKey),
    visit: async (items) => ({ add: await applyToThreads(deps, job, blocklist, items, at) }),
    advance: (from, next, add) => deps.jobs.advance(spaceId, jobId, from, next, add, at),
    // One page a step: each queues the next.
    more: () => false,
  });
  if (!walked.advanced) return deps.jobs.get(spaceId, jobId);
  return replayed(deps, (await deps.jobs.get(spaceId, jobId))!, walked.from);
}

/** Hides and shows one page's threads; answers what the page adds to the job's counts. */
async function applyToThreads(deps: ApplyBlocklistDeps, job: BlocklistJobState, blocklist: readonly string[], threads: readonly HidableThread[], at: string) {
  const { spaceId, jobId } = job;
  const add = { scanned: threads.length, hidden: 0, shown: 0, messages: 0 };
  const actor = { spaceId, userId: job.userId, requestId: job.requestId };
  for (const thread of threads) {
    const entries = blockedBy(blocklist, thread.participants);
    if (entries.length > 0 && !thread.hiddenBy) {
      const seq = thread.hideSeq + 1;
      const messages = await moveStats(deps, spaceId, thread, seq, -1);
      const flipped = await deps.threads.hide(spaceId, thread.id, { entries, at, jobId }, seq);
      // A concurrent delivery of this same step may have flipped it: whichever advances the job counts the page.
      add.hidden += 1; add.messages += messages;
      if (!flipped) continue;
      await deps.audit({ id: deps.newId(), ...actor, entity: 'thread', entityId: thread.id, action: 'hidden', at, details: { entries, jobId, messages } });
    } else if (entries.length === 0 && thread.hiddenBy && !byRules(thread.hiddenBy)) {
      const messages = await moveStats(deps, spaceId, thread, thread.hideSeq, 1);
      const flipped = await deps.threads.show(spaceId, thread.id, thread.hideSeq);
      add.shown += 1; add.messages += messages;
      if (!flipped) continue;
      await deps.audit({ id: deps.newId(), ...actor, entity: 'thread', entityId: thread.id, action: 'shown', at, details: { entries: thread.hiddenBy, jobId, messages } });
    }
  }
  return add;
}

/**
 * What follows a step that advanced the job, done again on a replay of it (a crash may have come
 * between): queue the next step, or audit the finished job (one row per job, however often).
 */
async function replayed(deps: ApplyBlocklistDeps, job: BlocklistJobState, cursor: string | undefined): Promise<BlocklistJobState> {
  if (job.previous !== cursor) return job;
  if (job.cursor) await deps.continueJob({ spaceId: job.spaceId, jobId: job.jobId, cursor: job.cursor });
  else if (job.done) {
    await deps.audit({ id: job.jobId, spaceId: job.spaceId, userId: job.userId, requestId: job.requestId, entity: 'settings', entityId: 'mail-rules',
      action: 'blocklist-applied', at: job.finishedAt ?? job.startedAt,
      details: { jobId: job.jobId, added: job.added, removed: job.removed, scanned: job.scanned, hiddenThreads: job.hidden, shownThreads: job.shown, messages: job.messages } });
  }
  return job;
}
