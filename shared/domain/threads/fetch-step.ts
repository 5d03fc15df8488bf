import { createHash } from 'node:crypto';
import type { MailboxFolder } from '../mailbox/mailbox-config.js';
import { FetchRefusedError } from '../mailbox/mailbox-errors.js';
import { fetchProblemId } from '../mailbox/mailbox-problem.js';
import type { MailboxRecord } from '../mailbox/mailbox-record.js';
import type { FetchStep } from '../mailbox/plan-fetch.js';
import type { MailboxSession, MessageSize } from '../mailbox/ports.js';
import { mailKeys, type ParseJob } from './pipeline-jobs.js';
import type { SyncBudget } from './sync-budget.js';
import type { SyncRunDeps } from './sync-mailbox.js';

export interface StepContext {
  readonly deps: SyncRunDeps;
  readonly mailbox: MailboxRecord;
  readonly folder: MailboxFolder;
  readonly session: MailboxSession;
  readonly correlationId: string;
  readonly uidValidity: string;
  readonly sizes: ReadonlyMap<number, MessageSize>;
  readonly budget: SyncBudget;
  /** Fetching again on an admin's request: the parser may replace a headers-only copy. */
  readonly retry: boolean;
}

export interface StepResult {
  readonly handedOn: number;
  readonly unfetchable: number;
}

type Single = 'handed-on' | 'gone' | 'refused';
const HANDOFF_CONCURRENCY = 8;

/**
 * Runs one FETCH step and hands each message on (raw MIME to the bucket, a parse job). A batch the
 * server refuses is fetched again one UID at a time; a UID refused `fetchAttempts` times is
 * recorded as unfetchable, which lets the cursor pass it.
 */
export async function fetchStep(ctx: StepContext, step: FetchStep): Promise<StepResult> {
  if (step.kind === 'headers') return headersOnly(ctx, step.uid, step.size);
  const uids = step.kind === 'stream' ? [step.uid] : step.uids;
  const delivered = new Set<number>();
  if (step.kind === 'batch') {
    try {
      await fetchBatch(ctx, step.uids, delivered);
      return { handedOn: delivered.size, unfetchable: 0 };
    } catch (error) {
      if (!(error instanceof FetchRefusedError)) throw error;
    }
  }
  let handedOn = delivered.size;
  let unfetchable = 0;
  for (const uid of uids.filter((u) => !delivered.has(u))) {
    const outcome = await fetchOne(ctx, uid);
    if (outcome === 'handed-on') handedOn++;
    if (outcome === 'refused') unfetchable++;
  }
  return { handedOn, unfetchable };
}

/**
 * One batched FETCH: each mail goes to the bucket as it arrives, and their parse jobs go out together
 * (SendMessageBatch) once the FETCH is done, or once it failed, so that what is in the bucket is
 * handed on and marked delivered before the caller falls back to single UIDs.
 */
async function fetchBatch(ctx: StepContext, uids: readonly number[], delivered: Set<number>): Promise<void> {
  const stored: Promise<{ uid: number; job: ParseJob }>[] = [];
  let fetchError: unknown;
  try {
    await ctx.session.fetchSources(ctx.folder.path, uids, async (uid, raw, internalDate) => {
      stored.push(putRaw(ctx, uid, raw, internalDate).then((job) => ({ uid, job })));
      if (stored.length % HANDOFF_CONCURRENCY === 0) await Promise.allSettled(stored);
    });
  } catch (error) {
    fetchError = error;
  }
  const results = await Promise.allSettled(stored);
  const ready = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const unsent = new Set(await ctx.deps.parseQueue.sendBatch(ready.map((r) => r.job)));
  ready.forEach((r, i) => { if (!unsent.has(i)) delivered.add(r.uid); });
  if (fetchError !== undefined) throw fetchError;
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  if (unsent.size > 0) throw new Error(`${unsent.size} parse jobs could not be queued`);
}

/** One UID on its own, streamed to the bucket so its size never sits in memory. */
async function fetchOne(ctx: StepContext, uid: number): Promise<Single> {
  const { deps, mailbox } = ctx;
  const attempts = deps.limits.fetchAttempts;
  let refusal: FetchRefusedError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const stored = await ctx.session.streamSource(ctx.folder.path, uid, (content) =>
        deps.blobs.putStream((sha) => mailKeys.raw(mailbox.spaceId, mailbox.id, sha), content, 'message/rfc822'));
      if (!stored) return 'gone';
      await sendParseJob(ctx, uid, { rawKey: stored.key, sha256: stored.sha256, size: stored.size });
      return 'handed-on';
    } catch (error) {
      if (!(error instanceof FetchRefusedError)) throw error;
      refusal = error;
    }
  }
  await deps.problems.recordProblem(mailbox.spaceId, mailbox.id, {
    id: fetchProblemId(ctx.folder.path, ctx.uidValidity, uid), kind: 'unfetchable',
    reason: `${refusal?.message ?? 'the server refused to send the message'} (${attempts} tries)`,
    folder: ctx.folder.path, folderRole: ctx.folder.role, uidValidity: ctx.uidValidity, uid,
    ...(Number.isFinite(ctx.sizes.get(uid)?.size) ? { size: ctx.sizes.get(uid)!.size } : {}),
  }, deps.now().toISOString());
  deps.log.warn('message unfetchable', { spaceId: mailbox.spaceId, mailboxId: mailbox.id, folder: ctx.folder.path, uid, correlationId: ctx.correlationId });
  return 'refused';
}

/** Mail above the size cap: its headers are stored and parsed as a "too large" message. */
async function headersOnly(ctx: StepContext, uid: number, size: number): Promise<StepResult> {
  const { deps, mailbox } = ctx;
  const cap = deps.limits.maxMessageBytes;
  const reason = `too large: ${megabytes(size)} MB is above the ${megabytes(cap)} MB limit; only the headers were imported`;
  const report = {
    id: fetchProblemId(ctx.folder.path, ctx.uidValidity, uid), kind: 'too_large' as const, reason,
    folder: ctx.folder.path, folderRole: ctx.folder.role, uidValidity: ctx.uidValidity, uid, size,
  };
  if (ctx.retry) {
    await deps.problems.recordProblem(mailbox.spaceId, mailbox.id, report, deps.now().toISOString());
    return { handedOn: 0, unfetchable: 0 };
  }
  let handedOn = 0;
  try {
    await ctx.session.fetchHeaders(ctx.folder.path, [uid], async (_uid, headers, internalDate) => {
      const stored = await handOn(ctx, uid, headers, internalDate, size);
      await deps.problems.recordProblem(mailbox.spaceId, mailbox.id, { ...report, ...stored }, deps.now().toISOString());
      handedOn++;
    });
  } catch (error) {
    if (!(error instanceof FetchRefusedError)) throw error;
    await deps.problems.recordProblem(mailbox.spaceId, mailbox.id, { ...report, kind: 'unfetchable', reason: `${reason}; the server refused even the headers` }, deps.now().toISOString());
    return { handedOn: 0, unfetchable: 1 };
  }
  return { handedOn, unfetchable: 0 };
}

async function handOn(ctx: StepContext, uid: number, raw: Buffer, internalDate: Date, tooLargeSize?: number): Promise<{ rawKey: string; sha256: string }> {
  const job = await putRaw(ctx, uid, raw, internalDate, tooLargeSize);
  await ctx.deps.parseQueue.send(job);
  return { rawKey: job.rawKey, sha256: job.sha256 };
}

/** The raw mail to the bucket (content-addressed) and the parse job that points at it. */
async function putRaw(ctx: StepContext, uid: number, raw: Buffer, internalDate: Date, tooLargeSize?: number): Promise<ParseJob> {
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const rawKey = mailKeys.raw(ctx.mailbox.spaceId, ctx.mailbox.id, sha256);
  await ctx.deps.blobs.put(rawKey, raw, 'message/rfc822');
  return parseJobOf(ctx, uid, { rawKey, sha256, size: raw.length, internalDate, ...(tooLargeSize ? { tooLargeSize } : {}) });
}

async function sendParseJob(ctx: StepContext, uid: number, blob: { rawKey: string; sha256: string; size: number }): Promise<void> {
  await ctx.deps.parseQueue.send(parseJobOf(ctx, uid, blob));
}

function parseJobOf(
  ctx: StepContext, uid: number,
  blob: { rawKey: string; sha256: string; size: number; internalDate?: Date; tooLargeSize?: number },
): ParseJob {
  const date = blob.internalDate ?? ctx.sizes.get(uid)?.internalDate;
  const internalDate = date && !Number.isNaN(date.getTime()) && date.getTime() > 0 ? date.toISOString() : undefined;
  ctx.budget.spend(blob.size);
  return {
    v: 1, correlationId: ctx.correlationId, spaceId: ctx.mailbox.spaceId, mailboxId: ctx.mailbox.id, folderRole: ctx.folder.role,
    rawKey: blob.rawKey, sha256: blob.sha256, size: blob.size, uid, folder: ctx.folder.path,
    ...(ctx.uidValidity ? { uidValidity: ctx.uidValidity } : {}),
    ...(internalDate ? { internalDate } : {}),
    ...(blob.tooLargeSize ? { tooLargeSize: blob.tooLargeSize } : {}),
    ...(ctx.retry ? { retry: true as const } : {}),
  };
}

const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
