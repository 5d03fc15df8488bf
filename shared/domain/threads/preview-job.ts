import type { Log } from '../../observability/logger.js';
import { NotFoundError } from '../errors.js';
import type { MailboxCredentials } from '../mailbox/mailbox-credentials.js';
import { MailboxAuthError, MailboxUnavailableError, SecretRejectedError } from '../mailbox/mailbox-errors.js';
import type { MailboxRecord, MailboxRepo } from '../mailbox/mailbox-record.js';
import type { MailboxClient, MailboxSession, SecretBox } from '../mailbox/ports.js';
import type { PreviewJob } from './pipeline-jobs.js';
import type { ImportPreview } from './preview-import.js';

/** A first-import preview as stored: asked for, then answered (or failed) by the sync function. */
export interface PreviewRecord {
  readonly id: string;
  readonly mailboxId: string;
  readonly status: 'running' | 'done' | 'failed';
  readonly historyDays: number;
  readonly requestedAt: string;
  readonly finishedAt?: string;
  readonly result?: ImportPreview;
  /** Why it failed, in a short sentence (never the server's secrets). */
  readonly error?: string;
}

export interface PreviewRepo {
  putPreview(spaceId: string, record: PreviewRecord): Promise<void>;
  /** @throws NotFoundError */
  getPreview(spaceId: string, mailboxId: string, previewId: string): Promise<PreviewRecord>;
}

/** The days a preview looks back: the request's, else the mailbox's own history window, else the default. */
export const previewDays = (requested: number | undefined, mailbox: Pick<MailboxRecord, 'historyDays'>, fallback: number): number =>
  requested ?? mailbox.historyDays ?? fallback;

/**
 * POST /mailboxes/{id}/preview: records the preview as running and queues it for the sync function
 * (the one function that may open the mailbox's secret and talk IMAP). @throws NotFoundError
 */
export async function requestPreview(deps: {
  mailboxes: Pick<MailboxRepo, 'getMailbox'>; previews: PreviewRepo; syncQueue: { send(job: PreviewJob): Promise<void> };
  newId: () => string; now: () => Date; defaultDays: number;
}, input: { spaceId: string; mailboxId: string; historyDays?: number; correlationId: string }): Promise<PreviewRecord> {
  const mailbox = await deps.mailboxes.getMailbox(input.spaceId, input.mailboxId);
  const record: PreviewRecord = {
    id: deps.newId(), mailboxId: mailbox.id, status: 'running', historyDays: previewDays(input.historyDays, mailbox, deps.defaultDays),
    requestedAt: deps.now().toISOString(),
  };
  await deps.previews.putPreview(input.spaceId, record);
  await deps.syncQueue.send({
    v: 1, action: 'preview', correlationId: input.correlationId.slice(0, 128), spaceId: input.spaceId, mailboxId: mailbox.id,
    previewId: record.id, historyDays: record.historyDays,
  });
  return record;
}

export interface RunPreviewDeps {
  readonly mailboxes: Pick<MailboxRepo, 'getMailbox'>;
  readonly previews: PreviewRepo;
  readonly secrets: SecretBox;
  readonly imap: MailboxClient;
  readonly credentials?: MailboxCredentials;
  /** The preview proper (preview-import.ts over the overlay), given an open session. */
  readonly preview: (mailbox: MailboxRecord, session: MailboxSession, historyDays: number) => Promise<ImportPreview>;
  readonly log: Log;
  readonly now: () => Date;
  /** A server that stalls inside a command would outlast the function: the connection is dropped after this. */
  readonly timeBudgetMs: number;
}

/**
 * The sync function's side of a preview: log in as a sync does, run it, store the answer. Failures
 * are stored as the preview's answer, not retried: the user asks again.
 */
export async function runPreview(deps: RunPreviewDeps, job: PreviewJob): Promise<PreviewRecord | undefined> {
  const { spaceId, mailboxId } = job;
  const asked = await deps.previews.getPreview(spaceId, mailboxId, job.previewId).catch((e: unknown) => {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  });
  // An expired or already answered preview (a redelivered job) is left as it is.
  if (!asked || asked.status !== 'running') return asked;
  let record: PreviewRecord;
  try {
    const mailbox = await deps.mailboxes.getMailbox(spaceId, mailboxId);
    const secret = await deps.secrets.open(mailbox.password, { space: spaceId, mailbox: mailboxId });
    const credential = mailbox.oauth && deps.credentials ? await deps.credentials.credentialFor(mailbox, secret) : secret;
    const session = await deps.imap.openSession(mailbox, credential);
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; session.abort(); }, deps.timeBudgetMs);
    try {
      record = { ...asked, status: 'done', finishedAt: deps.now().toISOString(), result: await deps.preview(mailbox, session, job.historyDays) };
    } catch (error) {
      throw timedOut ? new PreviewTimeoutError() : error;
    } finally {
      clearTimeout(timer);
      await session.close();
    }
  } catch (error) {
    record = { ...asked, status: 'failed', finishedAt: deps.now().toISOString(), error: reasonOf(error) };
    deps.log.warn('mailbox preview failed', { spaceId, mailboxId, previewId: job.previewId, error: error instanceof Error ? error.name : 'unknown', correlationId: job.correlationId });
  }
  await deps.previews.putPreview(spaceId, record);
  if (record.result) deps.log.info('mailbox preview done', { spaceId, mailboxId, previewId: job.previewId, scanned: record.result.scanned.messages, correlationId: job.correlationId });
  return record;
}

/** The server was still sending when the preview's time was up. */
class PreviewTimeoutError extends Error {}

function reasonOf(error: unknown): string {
  if (error instanceof PreviewTimeoutError) return 'the mail server was too slow: the preview stopped at its time budget; ask again with fewer days';
  if (error instanceof NotFoundError) return 'the mailbox was disconnected';
  if (error instanceof SecretRejectedError) return 'stored password cannot be decrypted: enter the app password again';
  if (error instanceof MailboxAuthError) return 'authentication failed: check the app password';
  if (error instanceof MailboxUnavailableError) return error.message;
  return 'the preview failed; ask for it again';
}
