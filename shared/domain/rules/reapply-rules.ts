import type { AuditEntry } from '../audit/audit-entry.js';
import type { CustomerEventRecord } from '../customers/record-customer-event.js';
import type { MailHeaders } from '../mail/parsed-mail.js';
import type { MessageRecord } from '../threads/ports.js';
import { moveStats, type HidableMessage, type HidableThread, type HideMark } from './apply-blocklist.js';
import { dropRuleLinks, type DropRuleLinksDeps } from './drop-rule-links.js';
import { evaluateMailRules, rulesForMailbox } from './evaluate-mail-rules.js';
import { isBlocked, stricter, type PrivacyLevel } from './mail-privacy.js';
import type { MailRules } from './mail-rules.js';
import { judgeThread, type Judged } from './judge-thread.js';
import { walkThreadPages } from './walk-thread-pages.js';

/** A thread as the re-apply job reads it: the blocklist job's view plus its date and the levels rules gave it. */
export interface ReapplyThread extends HidableThread {
  readonly lastMessageAt: string;
  readonly ruleLevels: readonly PrivacyLevel[];
}

export type ReapplyStatus = 'queued' | 'running' | 'done' | 'failed';

/** What a re-apply job changed so far. */
export interface ReapplyCounts {
  /** Messages judged (in the window, of the mailbox when one was named). */
  readonly scanned: number;
  readonly hiddenThreads: number;
  readonly shownThreads: number;
  readonly unlinkedMessages: number;
  readonly privateThreads: number;
}

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

export type CountsDelta = ReapplyCounts;

export interface ReapplyJobs {
  get(spaceId: string, jobId: string): Promise<ReapplyJobState | undefined>;
  /** Moves the cursor from `from` to `next` (absent: done), adding the counts; false when the job was already past `from`. */
  advance(spaceId: string, jobId: string, from: string | undefined, next: string | undefined, add: CountsDelta, at: string): Promise<boolean>;
  /** Ends the job as failed unless it ended already. */
  fail(spaceId: string, jobId: string, error: string, at: string): Promise<void>;
}

/** The parts of a stored mail the rules read that its item does not keep. */
export interface MailContent { readonly body: string; readonly headers: MailHeaders }

export interface ReapplyRulesDeps extends DropRuleLinksDeps {
  readonly rules: (spaceId: string) => Promise<MailRules>;
  readonly mailboxExists: (spaceId: string, mailboxId: string) => Promise<boolean>;
  readonly threads: {
    pageThreads(spaceId: string, limit: number, startKey?: Record<string, unknown>): Promise<{ items: ReapplyThread[]; lastKey?: Record<string, unknown> }>;
    messagesOf(spaceId: string, ids: readonly string[]): Promise<HidableMessage[]>;
    hide(spaceId: string, threadId: string, mark: HideMark, seq: number): Promise<boolean>;
    show(spaceId: string, threadId: string, seq: number): Promise<boolean>;
    /** Adds a rule's level to the thread's and sets the message's (idempotent). */
    markPrivate(spaceId: string, threadId: string, messageId: string, levels: { thread: PrivacyLevel; message: PrivacyLevel }): Promise<void>;
    removeThreadLinks(spaceId: string, threadId: string, owner: { kind: 'contact' | 'company'; id: string }): Promise<void>;
  };
  /** Body and headers of a stored mail: its parsed blob, else the raw MIME parsed again. */
  readonly content: (m: MessageRecord) => Promise<MailContent>;
  /** Whether a participant matches a contact or company now (what the import policy asks). */
  readonly linkable: (spaceId: string, m: MessageRecord) => Promise<boolean>;
  readonly jobs: ReapplyJobs;
  readonly record: (r: CustomerEventRecord | undefined) => Promise<void>;
  /** Writes an audit row; a row with the same id and time already written is no error. */
  readonly audit: (a: AuditEntry) => Promise<void>;
  readonly continueJob: (job: { spaceId: string; jobId: string; cursor: string }) => Promise<void>;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Threads per page and the time one step may take before it queues the rest. */
  readonly pageSize?: number;
  readonly budgetMs?: number;
}

export const REAPPLY_PAGE = 25;
/** A step stops starting pages after this long (the link function has 30 s). */
export const REAPPLY_STEP_BUDGET_MS = 15_000;

const isRuleEntry = (entry: string) => entry.startsWith('exclusion:') || entry.startsWith('import-policy:');
const zero: CountsDelta = { scanned: 0, hiddenThreads: 0, shownThreads: 0, unlinkedMessages: 0, privateThreads: 0 };
const plus = (a: CountsDelta, b: CountsDelta): CountsDelta => ({
  scanned: a.scanned + b.scanned, hiddenThreads: a.hiddenThreads + b.hiddenThreads, shownThreads: a.shownThreads + b.shownThreads,
  unlinkedMessages: a.unlinkedMessages + b.unlinkedMessages, privateThreads: a.privateThreads + b.privateThreads,
});
/** Everything the job changed: a second run over the same mail and rules finds 0. */
export const changedOf = (c: ReapplyCounts): number => c.hiddenThreads + c.shownThreads + c.unlinkedMessages + c.privateThreads;

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
  });
  if (!walked.advanced) return deps.jobs.get(spaceId, jobId);
  return replayed(deps, (await deps.jobs.get(spaceId, jobId))!, walked.from);
}

/** Judges one thread's mail in the window and makes its stored state agree. */
async function reapplyThread(deps: ReapplyRulesDeps, rules: MailRules, job: ReapplyJobState, thread: ReapplyThread): Promise<CountsDelta> {
  const { spaceId } = job;
  // A thread the blocklist hid belongs to the blocklist job.
  if (thread.hiddenBy && !thread.hiddenBy.every(isRuleEntry)) return zero;
  const stored = (await Promise.all(thread.messageIds.map((id) => deps.messages.findMessage(spaceId, id)))).filter((m): m is MessageRecord => m !== undefined);
  const judged: Judged[] = [];
  for (const m of stored) {
    if (m.channel === 'sms' || m.date < job.since || (job.mailboxId && m.mailboxId !== job.mailboxId)) continue;
    judged.push({ message: m, decision: evaluateMailRules({ ...rules, blocklist: [] }, await ruleMailOf(deps, rules, m)) });
  }
  const verdict = judgeThread(thread, stored.length, judged);
  const at = deps.now().toISOString();
  const actor = { spaceId, userId: job.userId, requestId: job.requestId };
  let add: CountsDelta = { ...zero, scanned: judged.length };
  if (verdict.hide) {
    const seq = thread.hideSeq + 1;
    const messages = await moveStats(deps, spaceId, thread, seq, -1);
    if (await deps.threads.hide(spaceId, thread.id, { entries: verdict.hide, at, jobId: job.jobId }, seq)) {
      add = { ...add, hiddenThreads: 1 };
      await deps.audit({ id: deps.newId(), ...actor, entity: 'thread', entityId: thread.id, action: 'hidden', at, details: { entries: verdict.hide, jobId: job.jobId, messages } });
    }
    return add;
  }
  if (verdict.show) {
    // A participant blocklisted meanwhile keeps it hidden (the blocklist job would hide it again).
    if (thread.participants.some((p) => isBlocked(rules.blocklist, p.toLowerCase()))) return add;
    const messages = await moveStats(deps, spaceId, thread, thread.hideSeq, 1);
    if (await deps.threads.show(spaceId, thread.id, thread.hideSeq)) {
      add = { ...add, shownThreads: 1 };
      await deps.audit({ id: deps.newId(), ...actor, entity: 'thread', entityId: thread.id, action: 'shown', at, details: { entries: thread.hiddenBy, jobId: job.jobId, messages } });
    }
  }
  for (const m of verdict.unlink) {
    const dropped = await dropRuleLinks(deps, spaceId, m.id);
    if (dropped.length === 0) continue;
    add = { ...add, unlinkedMessages: add.unlinkedMessages + 1 };
    const still = await Promise.all(stored.filter((o) => o.id !== m.id).map((o) => deps.messages.findMessage(spaceId, o.id)));
    for (const owner of dropped) {
      const kept = still.some((o) => (owner.kind === 'contact' ? o?.contactIds : o?.companyIds)?.includes(owner.id));
      if (!kept) await deps.threads.removeThreadLinks(spaceId, thread.id, owner);
    }
  }
  for (const { message, level } of verdict.private) {
    await deps.threads.markPrivate(spaceId, thread.id, message.id, { thread: level, message: stricter(message.privacy ?? level, level) });
  }
  if (verdict.private.some(({ level }) => !thread.ruleLevels.includes(level))) add = { ...add, privateThreads: 1 };
  return add;
}

/** The mail as the rules read it: the item's addresses and subject, its body and headers only when a rule reads them. */
async function ruleMailOf(deps: ReapplyRulesDeps, rules: MailRules, m: MessageRecord) {
  const own = rulesForMailbox(rules, m.mailboxId);
  const needsContent = own.exclusions.some((e) => e.field === 'body' || e.field === 'header');
  const content = needsContent ? await deps.content(m) : { body: '', headers: {} };
  const linkable = own.importPolicy === 'only_linkable' ? await deps.linkable(m.spaceId, m) : true;
  const lower = (list: readonly { address: string }[]) => list.map((a) => a.address.trim().toLowerCase());
  return {
    mailboxId: m.mailboxId, from: lower([m.from].filter((a) => a.address !== '')), to: lower(m.to), cc: lower(m.cc),
    subject: m.subject, body: content.body, headers: content.headers, linkable,
  };
}

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
