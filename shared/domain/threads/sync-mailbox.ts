import { createHash, randomUUID } from 'node:crypto';
import type { Log } from '../../observability/logger.js';
import type { MailboxRecord, MailboxRepo } from '../mailbox/mailbox-record.js';
import { MailboxAuthError, SecretRejectedError } from '../mailbox/mailbox-errors.js';
import { planSync, type SyncCursor } from '../mailbox/plan-sync.js';
import type { MailboxFolder } from '../mailbox/mailbox-config.js';
import type { MailboxClient, MailboxSession, SecretBox } from '../mailbox/ports.js';
import { mailKeys, type ParseJob } from './pipeline-jobs.js';
import type { Blobs } from './ports.js';

export interface SyncStateRepo {
  acquireLease(spaceId: string, mailboxId: string, owner: string, nowMs: number, ttlMs: number): Promise<boolean>;
  releaseLease(spaceId: string, mailboxId: string, owner: string): Promise<void>;
  getCursor(spaceId: string, mailboxId: string, folder: string): Promise<SyncCursor | undefined>;
  putCursor(spaceId: string, mailboxId: string, folder: string, cursor: SyncCursor): Promise<void>;
}

export interface SyncMailboxDeps {
  readonly mailboxes: Pick<MailboxRepo, 'getMailbox' | 'recordSyncSuccess' | 'recordSyncError'>;
  readonly syncState: SyncStateRepo;
  readonly secrets: SecretBox;
  readonly imap: MailboxClient;
  readonly blobs: Blobs;
  readonly parseQueue: { send(job: ParseJob): Promise<void> };
  readonly log: Log;
  readonly now: () => Date;
  /** @default 30 */
  readonly windowDays?: number;
  /** UIDs per fetch; the cursor is committed after each. @default 25 */
  readonly chunkSize?: number;
  /** Longer than the worker's timeout, so a crashed holder's lease expires on its own. @default 150 s */
  readonly leaseMs?: number;
}

export type SyncOutcome =
  | { readonly status: 'skipped'; readonly reason: 'lease-held' | 'paused' | 'deleted' }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'synced'; readonly messages: number; readonly commands: number };

const HANDOFF_CONCURRENCY = 8;

/**
 * One poll of one mailbox (I1–I8): under a lease, per folder plan → search → fetch in chunks → raw
 * MIME to the bucket and a parse job per message; the cursor moves only past handed-on UIDs.
 * Auth and secret failures set lastError and return (retrying will not help); an unavailable
 * server sets lastError and throws, so the queue retries.
 */
export async function syncMailbox(deps: SyncMailboxDeps, input: { spaceId: string; mailboxId: string; correlationId: string }): Promise<SyncOutcome> {
  const { spaceId, mailboxId } = input;
  const owner = randomUUID();
  if (!(await deps.syncState.acquireLease(spaceId, mailboxId, owner, deps.now().getTime(), deps.leaseMs ?? 150_000))) {
    deps.log.info('sync skipped: lease held', { spaceId, mailboxId, correlationId: input.correlationId });
    return { status: 'skipped', reason: 'lease-held' };
  }
  let session: MailboxSession | undefined;
  let synced = 0;
  try {
    const mailbox = await deps.mailboxes.getMailbox(spaceId, mailboxId).catch(() => undefined);
    if (!mailbox) return { status: 'skipped', reason: 'deleted' };
    if (mailbox.paused) return { status: 'skipped', reason: 'paused' };
    let password: string;
    try {
      password = await deps.secrets.open(mailbox.password, { space: spaceId, mailbox: mailboxId });
    } catch (error) {
      if (!(error instanceof SecretRejectedError)) throw error;
      await deps.mailboxes.recordSyncError(spaceId, mailboxId, 'stored password cannot be decrypted: enter the app password again');
      return { status: 'failed', reason: 'secret-rejected' };
    }
    try {
      session = await deps.imap.openSession(mailbox, password);
    } catch (error) {
      if (error instanceof MailboxAuthError) {
        await deps.mailboxes.recordSyncError(spaceId, mailboxId, 'authentication failed: check the app password');
        return { status: 'failed', reason: 'auth' };
      }
      throw error;
    }
    for (const folder of mailbox.folders) {
      const result = await syncFolder(deps, mailbox, folder, session, input.correlationId);
      synced += result.handedOn;
      if (result.paused) {
        await deps.mailboxes.recordSyncError(spaceId, mailboxId, result.paused, { pause: true, synced });
        return { status: 'failed', reason: 'paused' };
      }
    }
    await deps.mailboxes.recordSyncSuccess(spaceId, mailboxId, deps.now().toISOString(), synced);
    deps.log.info('mailbox synced', { spaceId, mailboxId, messages: synced, commands: session.commandCount, correlationId: input.correlationId });
    return { status: 'synced', messages: synced, commands: session.commandCount };
  } catch (error) {
    const message = error instanceof Error && 'code' in error ? error.message : 'sync failed; it will be retried';
    await deps.mailboxes.recordSyncError(spaceId, mailboxId, message, { synced }).catch(() => undefined);
    throw error;
  } finally {
    await session?.close();
    await deps.syncState.releaseLease(spaceId, mailboxId, owner).catch(() => undefined);
  }
}

async function syncFolder(deps: SyncMailboxDeps, mailbox: MailboxRecord, folder: MailboxFolder, session: MailboxSession, correlationId: string) {
  const { spaceId, id: mailboxId } = mailbox;
  const state = await session.folderState(folder.path);
  const stored = await deps.syncState.getCursor(spaceId, mailboxId, folder.path);
  const plan = planSync(stored, state, { windowDays: deps.windowDays ?? 30, now: deps.now() });
  if (plan.kind === 'noop') {
    // A poll without a UIDVALIDITY change ends a run of resets (I4 counts consecutive ones).
    if (stored && stored.resetCount > 0) await deps.syncState.putCursor(spaceId, mailboxId, folder.path, { ...stored, resetCount: 0 });
    return { handedOn: 0 };
  }
  if (plan.kind === 'paused') {
    await deps.syncState.putCursor(spaceId, mailboxId, folder.path, { ...stored!, resetCount: plan.resetCount });
    return { handedOn: 0, paused: plan.reason };
  }
  if (plan.kind === 'reset') deps.log.warn('mailbox_reset', { spaceId, mailboxId, folder: folder.path, resetCount: plan.resetCount });
  const fromScratch = plan.kind === 'initial' || plan.kind === 'reset';
  const uids = fromScratch
    ? await session.searchUidsSince(folder.path, { sinceDate: plan.since })
    : await session.searchUidsSince(folder.path, { minUid: plan.fromUid });
  let cursor: SyncCursor = fromScratch
    ? { uidValidity: state.uidValidity, lastUid: 0, resetCount: plan.resetCount }
    : { ...stored!, resetCount: 0 };
  let handedOn = 0;
  const chunkSize = deps.chunkSize ?? 25;
  for (let i = 0; i < uids.length; i += chunkSize) {
    const chunk = uids.slice(i, i + chunkSize);
    const pending: Promise<void>[] = [];
    await session.fetchSources(folder.path, chunk, async (uid, raw, internalDate) => {
      pending.push(handOn(deps, mailbox, folder, { uid, raw, internalDate }, correlationId));
      if (pending.length % HANDOFF_CONCURRENCY === 0) await Promise.allSettled(pending);
    });
    const results = await Promise.allSettled(pending);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    handedOn += results.length;
    // Expunged UIDs are simply absent from the FETCH: the chunk's last UID is still safe to pass.
    cursor = { ...cursor, lastUid: Math.max(cursor.lastUid, chunk[chunk.length - 1]!) };
    await deps.syncState.putCursor(spaceId, mailboxId, folder.path, cursor);
  }
  const done: SyncCursor = {
    uidValidity: state.uidValidity, lastUid: cursor.lastUid, uidNext: state.uidNext, resetCount: plan.resetCount,
    ...(state.highestModseq !== undefined ? { highestModseq: state.highestModseq } : {}),
  };
  await deps.syncState.putCursor(spaceId, mailboxId, folder.path, done);
  return { handedOn };
}

async function handOn(
  deps: SyncMailboxDeps, mailbox: MailboxRecord, folder: MailboxFolder,
  message: { uid: number; raw: Buffer; internalDate: Date }, correlationId: string,
): Promise<void> {
  const sha256 = createHash('sha256').update(message.raw).digest('hex');
  const rawKey = mailKeys.raw(mailbox.spaceId, mailbox.id, sha256);
  await deps.blobs.put(rawKey, message.raw, 'message/rfc822');
  const internalDate = Number.isNaN(message.internalDate.getTime()) ? undefined : message.internalDate.toISOString();
  await deps.parseQueue.send({
    v: 1, correlationId, spaceId: mailbox.spaceId, mailboxId: mailbox.id, folderRole: folder.role,
    rawKey, sha256, size: message.raw.length, uid: message.uid, ...(internalDate ? { internalDate } : {}),
  });
}
