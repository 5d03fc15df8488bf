import { createMemoryBlobs } from '../adapters/blobs/memory-blobs.js';
import { parseMime } from '../adapters/mime/mailparser-mime.js';
import { PREVIEW_LIMITS } from '../config/names.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import type { MailboxRecord } from '../domain/mailbox/mailbox-record.js';
import type { MailboxSession } from '../domain/mailbox/ports.js';
import type { PreviewJob } from '../domain/threads/pipeline-jobs.js';
import { previewImport, type ImportPreview, type PreviewLimits } from '../domain/threads/preview-import.js';
import { runPreview } from '../domain/threads/preview-job.js';
import { previewOverlay } from '../domain/threads/preview-overlay.js';
import type { Log } from '../observability/logger.js';
import { readOnlyWebsiteLookup } from '../store/company-store.js';
import { createPreviewStore } from '../store/preview-store.js';
import type { MailRuntime } from './mail-runtime.js';
import type { MailboxAccess } from './mailbox-access.js';
import type { MailboxCredentials } from '../domain/mailbox/mailbox-credentials.js';

/** The linker's own logs would speak of messages linked; a preview links nothing, so only its warnings pass. */
const quiet = (log: Log): Log => ({ ...log, info: () => undefined });

/**
 * One preview over fresh in-memory writes: the real stores answer the reads (contacts, companies,
 * captures, threads, messages, rules, staff), the parser and linker run as in a first sync.
 */
export function previewWith(rt: MailRuntime, overrides: Partial<PreviewLimits> = {}) {
  return async (mailbox: MailboxRecord, session: MailboxSession, historyDays: number, correlationId = 'preview'): Promise<ImportPreview> => {
    const blobs = createMemoryBlobs();
    const { deps: link, writes } = previewOverlay({
      mailboxes: rt.mailboxes, messages: rt.messages, threads: rt.threads, contacts: rt.capture.contacts,
      // The real lookup would backfill the Space's website index on its first use; a preview writes nothing.
      companies: { findCompanyByDomain: (spaceId, domain) => rt.capture.companies.findCompanyByDomain(spaceId, domain), findCompanyByWebsiteDomain: readOnlyWebsiteLookup(rt.table) },
      captures: rt.capture.captures, rules: rt.rules, staff: rt.staff, replyTags: rt.replyTags,
    }, { blobs, rt: systemRuntime, log: quiet(rt.log) });
    return previewImport({
      parse: parseMime, blobs, link, writes, now: rt.now,
      limits: { ...PREVIEW_LIMITS, timeBudgetMs: PREVIEW_LIMITS.timeBudgetSeconds * 1000, maxMessageBytes: rt.maxMessageBytes, ...overrides },
    }, { mailbox, session, historyDays, correlationId });
  };
}

/** The sync worker's preview job: log in like a sync, preview, store the answer. */
export const previewJobRunner = (rt: MailRuntime, access: MailboxAccess, credentials: MailboxCredentials) => (job: PreviewJob) =>
  runPreview({
    mailboxes: rt.mailboxes, previews: createPreviewStore(rt.table), secrets: access.secrets, imap: access.imap, credentials,
    preview: (mailbox, session, days) => previewWith(rt)(mailbox, session, days, job.correlationId), log: rt.log, now: rt.now,
    // The preview checks its budget between FETCHes; this drops a connection stalled inside one (the function has 120 s).
    timeBudgetMs: (PREVIEW_LIMITS.timeBudgetSeconds + 30) * 1000,
  }, job);
