import type { AuditEntry } from '../audit/audit-entry.js';
import type { CustomerEventRecord } from '../customers/record-customer-event.js';
import type { MailHeaders } from '../mail/parsed-mail.js';
import type { MatchedOwners } from '../threads/match-owners.js';
import type { MessageRecord } from '../threads/ports.js';
import type { HidableMessage, HidableThread, HideMark } from './apply-blocklist.js';
import type { DropRuleLinksDeps } from './drop-rule-links.js';
import type { PrivacyLevel } from './mail-privacy.js';
import type { MailRules } from './mail-rules.js';
import { changedOf, plus, zero, type CountsDelta, type ReapplyCounts } from './reapply-counts.js';
import { reapplyThread } from './reapply-thread.js';
import { walkThreadPages } from './walk-thread-pages.js';
import type { RestoreRuleLinksDeps } from './restore-rule-links.js';

export { changedOf, type ReapplyCounts };

/** A thread as the re-apply job reads it: the blocklist job's view plus its date and the levels rules gave it. */
export interface ReapplyThread extends HidableThread {
  readonly lastMessageAt: string;
  readonly ruleLevels: readonly PrivacyLevel[];
}

export type ReapplyStatus = 'queued' | 'running' | 'done' | 'failed';


/** One re-apply job: the request, where the walk is, and its counts (audited once when done). */
export interface ReapplyJobState extends ReapplyCounts {
  readonly jobId: string;
  readonly spaceId: string;
  readonly userId: string;
  readonly requestId: string;
  readonly requestedAt: string;
  readonly days: number;
  /** Mail dated from here on is in the window. */
  readonly since: string;
  readonly mailboxId?: string;
  readonly status: ReapplyStatus;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** The serialized start key of the next page; absent before the first step and once finished. */
  readonly cursor?: string;
  /** The cursor of the step that last advanced the job (a replay of it queues the next step again). */
  readonly previous?: string;
  readonly error?: string;
}


export interface ReapplyJobs {
  get(spaceId: string, jobId: string): Promise<ReapplyJobState | undefined>;
  /** Moves the cursor from `from` to `next` (absent: done), adding the counts; false when the job was already past `from`. */
  advance(spaceId: string, jobId: string, from: string | undefined, next: string | undefined, add: CountsDelta, at: string): Promise<boolean>;
  /** Ends the job as failed unless it ended already. */
  fail(spaceId: string, jobId: string, error: string, at: string): Promise<void>;
  /**
   * Counts one delivery of the step at `cursor` (advance resets the count); undefined when the job
   * is no longer at `cursor`. Also answers what the last failed delivery of this step noted.
   */
  countAttempt(spaceId: string, jobId: string, cursor: string | undefined): Promise<{ attempt: number; lastError?: string } | undefined>;
  /** Notes why a delivery of the step at `cursor` failed (best effort; nothing when the job moved on). */
  noteFailure(spaceId: string, jobId: string, cursor: string | undefined, error: string): Promise<void>;
}

/** The parts of a stored mail the rules read that its item does not keep. */
export interface MailContent { readonly body: string; readonly headers: MailHeaders }

export interface ReapplyRulesDeps extends Omit<DropRuleLinksDeps, 'addressIndex'>, Omit<RestoreRuleLinksDeps, 'addressIndex'> {
  readonly addressIndex: DropRuleLinksDeps['addressIndex'] & RestoreRuleLinksDeps['addressIndex'];
  readonly rules: (spaceId: string) => Promise<MailRules>;
  readonly mailboxExists: (spaceId: string, mailboxId: string) => Promise<boolean>;
  readonly threads: {
    pageThreads(spaceId: string, limit: number, startKey?: Record<string, unknown>): Promise<{ items: ReapplyThread[]; lastKey?: Record<string, unknown> }>;
    messagesOf(spaceId: string, ids: readonly string[]): Promise<HidableMessage[]>;
    hide(spaceId: string, threadId: string, mark: HideMark, seq: number): Promise<boolean>;
    show(spaceId: string, threadId: string, seq: number): Promise<boolean>;
    /** Sets (or with no level removes) the level private rules give one message. */
    setMessagePrivacy(spaceId: string, messageId: string, level: PrivacyLevel | undefined): Promise<void>;
    /**
     * Makes the thread's rule levels these (the inbox index follows), unless its message count moved
     * from `messageCount` (a mail linked meanwhile adds its own level); false then.
     */
    setRuleLevels(spaceId: string, threadId: string, levels: readonly PrivacyLevel[], messageCount: number): Promise<boolean>;
    removeThreadLinks(spaceId: string, threadId: string, owner: { kind: 'contact' | 'company'; id: string }): Promise<void>;
    /** Keeps a stored mail as headers only (idempotent): no read route serves its body, snippet or attachments again. */
    keepHeadersOnly(m: MessageRecord, reasons: readonly string[]): Promise<void>;
  };
  /** Body and headers of a stored mail: its parsed blob, else the raw MIME parsed again. */
  readonly content: (m: MessageRecord) => Promise<MailContent>;
  /**
   * The contacts and companies the mail's customers (external, not internal, not staff) match now,
   * as the linker finds them: what the import policy asks and what a relink links.
   */
  readonly owners: (spaceId: string, m: MessageRecord) => Promise<MatchedOwners>;
  readonly jobs: ReapplyJobs;
  readonly record: (r: CustomerEventRecord | undefined) => Promise<void>;
  /** Writes an audit row; a row with the same id and time already written is no error. */
  readonly audit: (a: AuditEntry) => Promise<void>;
  readonly continueJob: (job: { spaceId: string; jobId: string; cursor: string }) => Promise<void>;
  readonly now: () => Date;
  readonly newId: () => string;
  /**
   * Deliveries a step gets before its queue moves it to the dead-letter queue (maxReceiveCount): the
   * last one ends the job as failed instead of trying again, so a step that keeps failing (or timing
   * out) never leaves the job running.
   */
  readonly stepDeliveries: number;
  /** Threads per page and the time one step may take before it queues the rest. */
  readonly pageSize?: number;
  readonly budgetMs?: number;
}

export const REAPPLY_PAGE = 25;
/** A step stops starting pages after this long (the link function has 30 s). */
export const REAPPLY_STEP_BUDGET_MS = 15_000;


/**
 * One step of the job that applies today's mail rules to the mail of the last N days, deciding each
 * message with the linker's own rule evaluation (the blocklist is left to its own job): a thread
 * all of whose mail a `skip` rule or the import policy would not import is hidden (the blocklist's
 * soft delete, entries `exclusion:<id>`); a thread rules hid whose mail they now keep is shown again;
 * `no_link` drops the links the linker made (never those made by hand); `private` marks the thread.
 * Walks pages of threads newest first until the window ends or the step's time budget is spent,
 * then queues the rest. Every change is conditional, so a replayed step or a second job changes nothing.
 */
export async function reapplyRulesStep(deps: ReapplyRulesDeps, input: { spaceId: string; jobId: string; cursor?: string }): Promise<ReapplyJobState | undefined> {
  const { spaceId, jobId } = input;
  const job = await deps.jobs.get(spaceId, jobId);
  if (!job) return undefined;
  if (job.status === 'done' || job.status === 'failed' || job.cursor !== input.cursor) return replayed(deps, job, input.cursor);
  if (job.mailboxId && !(await deps.mailboxExists(spaceId, job.mailboxId))) {
    await deps.jobs.fail(spaceId, jobId, 'The mailbox was deleted', deps.now().toISOString());
    return replayed(deps, (await deps.jobs.get(spaceId, jobId))!, input.cursor);
  }
  const counted = await deps.jobs.countAttempt(spaceId, jobId, input.cursor);
  if (!counted) return deps.jobs.get(spaceId, jobId);
  if (counted.attempt >= deps.stepDeliveries) {
    const tries = counted.attempt - 1;
    await deps.jobs.fail(spaceId, jobId, `A step failed ${tries} time${tries === 1 ? '' : 's'}${counted.lastError ? ` (last: ${counted.lastError})` : ''}`, deps.now().toISOString());
    return replayed(deps, (await deps.jobs.get(spaceId, jobId))!, input.cursor);
  }
  const rules = await deps.rules(spaceId);
  const started = deps.now().getTime();
  const walked = await walkThreadPages({
    cursor: input.cursor,
    page: (startKey) => deps.threads.pageThreads(spaceId, deps.pageSize ?? REAPPLY_PAGE, startKey),
    visit: async (items) => {
      const inWindow = items.filter((t) => t.lastMessageAt >= job.since);
      let add = zero;
      for (const thread of inWindow) add = plus(add, await reapplyThread(deps, rules, job, thread));
      // Threads come newest first: one older than the window ends the walk.
      return { add, last: inWindow.length < items.length };
    },
    advance: (from, next, add) => deps.jobs.advance(spaceId, jobId, from, next, add, deps.now().toISOString()),
    more: () => deps.now().getTime() - started < (deps.budgetMs ?? REAPPLY_STEP_BUDGET_MS),
    failed: async (cursor, error) => {
      await deps.jobs.noteFailure(spaceId, jobId, cursor, failureOf(error));
      // Past the step's first page the job moved on: the page that failed gets a message (and its tries) of its own.
      if (cursor === input.cursor) throw error;
      await deps.continueJob({ spaceId, jobId, cursor: cursor! });
    },
  });
  if (!walked.advanced) return deps.jobs.get(spaceId, jobId);
  return replayed(deps, (await deps.jobs.get(spaceId, jobId))!, walked.from);
}

/** What a failed delivery notes on the job: the error's kind, never its message (which may quote mail). */
const failureOf = (error: unknown): string => {
  const e = error as { name?: unknown; code?: unknown };
  return [typeof e?.name === 'string' ? e.name : 'Error', typeof e?.code === 'string' ? e.code : undefined].filter(Boolean).join(' ');
};


/**
 * What follows a step that advanced the job, done again on a replay of it (a crash may have come
 * between): queue the next step, or audit the finished job (one row per job, however often).
 */
async function replayed(deps: ReapplyRulesDeps, job: ReapplyJobState, cursor: string | undefined): Promise<ReapplyJobState> {
  if (job.previous !== cursor && job.status !== 'failed') return job;
  if (job.cursor) await deps.continueJob({ spaceId: job.spaceId, jobId: job.jobId, cursor: job.cursor });
  else if (job.status === 'done' || job.status === 'failed') {
    await deps.audit({
      id: job.jobId, spaceId: job.spaceId, userId: job.userId, requestId: job.requestId, entity: 'settings', entityId: 'mail-rules',
      action: 'rules-reapplied', at: job.finishedAt ?? job.requestedAt,
      details: {
        jobId: job.jobId, status: job.status, days: job.days, since: job.since, ...(job.mailboxId ? { mailboxId: job.mailboxId } : {}),
        scanned: job.scanned, changed: changedOf(job), hiddenThreads: job.hiddenThreads, shownThreads: job.shownThreads,
        unlinkedMessages: job.unlinkedMessages, privateThreads: job.privateThreads, ...(job.error ? { error: job.error } : {}),
      },
    });
  }
  return job;
}
