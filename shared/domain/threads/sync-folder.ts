import type { MailboxFolder } from '../mailbox/mailbox-config.js';
import { FetchRefusedError } from '../mailbox/mailbox-errors.js';
import type { MailboxProblem } from '../mailbox/mailbox-problem.js';
import type { MailboxRecord } from '../mailbox/mailbox-record.js';
import { planFetch, type FetchStep } from '../mailbox/plan-fetch.js';
import { planSync, type SyncCursor } from '../mailbox/plan-sync.js';
import type { FolderState, MailboxSession, MessageSize } from '../mailbox/ports.js';
import { systemRuntime } from '../audit/system-runtime.js';
import { fetchStep, type StepContext } from './fetch-step.js';
import { syncReadState } from './sync-read-state.js';
import type { SyncRunDeps } from './sync-mailbox.js';
import type { BudgetStop, SyncBudget } from './sync-budget.js';

export interface FolderRun {
  readonly deps: SyncRunDeps;
  readonly mailbox: MailboxRecord;
  readonly folder: MailboxFolder;
  readonly session: MailboxSession;
  readonly correlationId: string;
  readonly budget: SyncBudget;
  /** Retry the fetch problems an admin asked to retry (POST /mailboxes/{id}/problems/{problemId}/retry). */
  readonly retryProblems: boolean;
}

export interface FolderResult {
  readonly handedOn: number;
  readonly unfetchable: number;
  readonly paused?: string;
  readonly stopped?: BudgetStop;
}

/**
 * One folder of one run: plan → search → sizes → byte-bounded FETCH steps; the cursor is committed
 * after each step and moves only past UIDs handed on (or recorded as unfetchable). A budget stop
 * keeps the cursor where the last finished step left it.
 */
export async function syncFolder(run: FolderRun): Promise<FolderResult> {
  const { deps, mailbox, folder, session } = run;
  const { spaceId, id: mailboxId } = mailbox;
  const checkedAt = deps.now().toISOString();
  const state = await session.folderState(folder.path);
  const stored = await deps.syncState.getCursor(spaceId, mailboxId, folder.path);
  const plan = planSync(stored, state, { windowDays: deps.windowDays ?? 30, now: deps.now() });
  if (plan.kind === 'noop' || plan.kind === 'incremental') await readStateStep(run, stored!, state, plan.kind === 'incremental' ? plan.changedSince : undefined);
  if (plan.kind === 'noop') {
    // A poll without a UIDVALIDITY change ends a run of resets (consecutive ones are counted); with read
    // state on, the check time is kept so the next flag change is dated after it.
    if (stored!.resetCount > 0 || deps.readState) await deps.syncState.putCursor(spaceId, mailboxId, folder.path, { ...stored!, resetCount: 0, ...(deps.readState ? { checkedAt } : {}) });
    return withRetries(run, state, { handedOn: 0, unfetchable: 0 });
  }
  if (plan.kind === 'paused') {
    await deps.syncState.putCursor(spaceId, mailboxId, folder.path, { ...stored!, resetCount: plan.resetCount });
    return { handedOn: 0, unfetchable: 0, paused: plan.reason };
  }
  if (plan.kind === 'reset') deps.log.warn('mailbox_reset', { spaceId, mailboxId, folder: folder.path, resetCount: plan.resetCount });
  const fromScratch = plan.kind === 'initial' || plan.kind === 'reset';
  const uids = fromScratch
    ? await session.searchUidsSince(folder.path, { sinceDate: plan.since })
    : await session.searchUidsSince(folder.path, { minUid: plan.fromUid });
  let cursor: SyncCursor = fromScratch
    ? { uidValidity: state.uidValidity, lastUid: 0, resetCount: plan.resetCount }
    : { ...stored!, resetCount: 0 };
  const sizes = await sizesOf(session, folder.path, uids);
  const context = stepContext(run, state, sizes);
  let handedOn = 0;
  let unfetchable = 0;
  for (const step of planFetch(uids, sizes, deps.limits)) {
    const stopped = run.budget.exhausted();
    if (stopped) return { handedOn, unfetchable, stopped };
    const done = await fetchStep(context, step);
    handedOn += done.handedOn;
    unfetchable += done.unfetchable;
    cursor = { ...cursor, lastUid: Math.max(cursor.lastUid, step.lastUid) };
    await deps.syncState.putCursor(spaceId, mailboxId, folder.path, cursor);
  }
  // Expunged UIDs are simply absent from the sizes: the highest searched UID is still safe to pass.
  const done: SyncCursor = {
    uidValidity: state.uidValidity, lastUid: uids.reduce((a, b) => Math.max(a, b), cursor.lastUid), uidNext: state.uidNext, resetCount: plan.resetCount,
    ...(state.highestModseq !== undefined ? { highestModseq: state.highestModseq } : {}),
    ...(deps.readState ? { checkedAt } : {}),
  };
  await deps.syncState.putCursor(spaceId, mailboxId, folder.path, done);
  return withRetries(run, state, { handedOn, unfetchable });
}

/** Mail the fallback without CONDSTORE reads the flags of on every poll (newest first). */
export const RECENT_FLAGS_WINDOW = 50;

/**
 * Read state changed in the mail client, for mail stored already (UIDs up to the cursor): with
 * CONDSTORE only what changed since the stored HIGHESTMODSEQ (nothing at all on a no-op poll);
 * without it the flags of the newest RECENT_FLAGS_WINDOW messages on every poll. One FETCH of flags
 * and the Message-ID header either way, never a message body.
 */
async function readStateStep(run: FolderRun, stored: SyncCursor, state: FolderState, changedSince: string | undefined): Promise<void> {
  const { deps, mailbox, folder, session } = run;
  if (!deps.readState) return;
  if (state.highestModseq !== undefined && changedSince === undefined) return;
  const flags = state.highestModseq !== undefined
    ? await session.changedFlagsSince(folder.path, changedSince!)
    : await session.recentFlags(folder.path, RECENT_FLAGS_WINDOW);
  await syncReadState({ readState: deps.readState, rt: { now: deps.now, newId: systemRuntime.newId }, log: deps.log }, {
    spaceId: mailbox.spaceId, mailboxId: mailbox.id, folder: folder.path, correlationId: run.correlationId, session,
    flags: flags.filter((f) => f.uid <= stored.lastUid), ...(stored.checkedAt ? { previousCheckAt: stored.checkedAt } : {}),
  });
}

/**
 * The sizes of `uids`. A server that refuses the size listing of a range (often for the same
 * broken message it cannot send) is asked again in halves, so one bad UID costs a few commands;
 * a UID it will not size gets NaN and is fetched on its own (streamed).
 */
async function sizesOf(session: MailboxSession, path: string, uids: readonly number[]): Promise<Map<number, MessageSize>> {
  if (uids.length === 0) return new Map();
  try {
    return await session.fetchSizes(path, uids);
  } catch (error) {
    if (!(error instanceof FetchRefusedError)) throw error;
  }
  if (uids.length === 1) return new Map([[uids[0]!, { size: Number.NaN, internalDate: new Date(Number.NaN) }]]);
  const half = Math.ceil(uids.length / 2);
  return new Map([...await sizesOf(session, path, uids.slice(0, half)), ...await sizesOf(session, path, uids.slice(half))]);
}

function stepContext(run: FolderRun, state: FolderState, sizes: ReadonlyMap<number, MessageSize>, retry = false): StepContext {
  return {
    deps: run.deps, mailbox: run.mailbox, folder: run.folder, session: run.session, correlationId: run.correlationId,
    uidValidity: state.uidValidity, sizes, budget: run.budget, retry,
  };
}

/** Fetches again the UIDs an admin asked to retry; an obsolete one (reset, expunged) is resolved. */
async function withRetries(run: FolderRun, state: FolderState, result: FolderResult): Promise<FolderResult> {
  if (!run.retryProblems) return result;
  const { deps, mailbox, folder, session } = run;
  const due = (await deps.problems.listProblems(mailbox.spaceId, mailbox.id))
    .filter((p): p is MailboxProblem & { uid: number } => p.kind !== 'unparsable' && p.folder === folder.path && p.retryRequestedAt !== undefined && p.uid !== undefined);
  let { handedOn, unfetchable } = result;
  for (const problem of due) {
    const size = problem.uidValidity === state.uidValidity ? (await sizesOf(session, folder.path, [problem.uid])).get(problem.uid) : undefined;
    if (!size) {
      await deps.problems.resolveProblem(mailbox.spaceId, mailbox.id, problem.id);
      continue;
    }
    const sizes = new Map([[problem.uid, size]]);
    const [step] = planFetch([problem.uid], sizes, deps.limits) as [FetchStep];
    const done = await fetchStep(stepContext(run, state, sizes, true), step);
    handedOn += done.handedOn;
    unfetchable += done.unfetchable;
    if (done.handedOn > 0 && step.kind !== 'headers') await deps.problems.resolveProblem(mailbox.spaceId, mailbox.id, problem.id);
  }
  return { ...result, handedOn, unfetchable };
}
