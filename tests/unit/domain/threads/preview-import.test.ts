import { describe, expect, it } from 'vitest';
import { createMemoryBlobs } from '../../../../shared/adapters/blobs/memory-blobs.js';
import { parseMime } from '../../../../shared/adapters/mime/mailparser-mime.js';
import { mailRulesSchema } from '../../../../shared/domain/rules/mail-rules.js';
import type { MailboxRecord } from '../../../../shared/domain/mailbox/mailbox-record.js';
import type { MailboxSession } from '../../../../shared/domain/mailbox/ports.js';
import { previewImport, type PreviewLimits } from '../../../../shared/domain/threads/preview-import.js';
import { runPreview, type PreviewRecord } from '../../../../shared/domain/threads/preview-job.js';
import { previewOverlay } from '../../../../shared/domain/threads/preview-overlay.js';
import { aMailOf, PASSWORD, SPACE, syncWorld } from './sync-fixtures.js';

const limits: PreviewLimits = { maxMessages: 100, maxBytes: 1_000_000, timeBudgetMs: 60_000, maxMessageBytes: 1_000_000, batchCount: 5 };
const silent = { info() {}, warn() {}, error() {} };
const nothing = async () => undefined;

/** The preview over an empty Space: every read answers "nothing stored". */
function previewOf(record: MailboxRecord, over: Partial<PreviewLimits> = {}) {
  const blobs = createMemoryBlobs();
  const { deps: link, writes } = previewOverlay({
    mailboxes: { getMailbox: async () => record }, messages: { findMessage: nothing, threadIdsOf: async () => new Map() },
    threads: { findThreadsBySubject: async () => [] }, contacts: { findContactByEmail: nothing },
    companies: { findCompanyByDomain: nothing, findCompanyByWebsiteDomain: nothing }, captures: { getCapture: nothing },
    rules: { getMailRules: async () => ({ rules: mailRulesSchema.parse({}) }) }, staff: { staffByEmail: async () => new Map() },
    replyTags: { key: async () => Buffer.alloc(32, 7), orders: { getOrder: nothing, findOrderBySubjectTag: nothing } },
  }, { blobs, rt: { now: () => new Date(), newId: () => String(Math.random()) }, log: silent });
  return (session: MailboxSession) => previewImport({ parse: parseMime, blobs, link, writes, now: () => new Date(), limits: { ...limits, ...over } },
    { mailbox: record, session, historyDays: 30, correlationId: 'test' });
}

describe('previewImport', () => {
  it('stops before the mail that would pass the byte cap and counts only what it read', async () => {
    const w = syncWorld();
    for (let i = 0; i < 6; i++) w.server.deliver('INBOX', aMailOf(1_000, `p${i}`));
    const session = await w.server.openSession(w.record, PASSWORD);

    const preview = await previewOf(w.record, { maxBytes: 3_500 })(session);

    expect(preview).toMatchObject({ inWindow: 6, scanned: { messages: 3 }, stoppedAt: 'bytes', creates: { messages: 3, threads: 3 } });
    expect(preview.scanned.bytes).toBeLessThanOrEqual(3_500);
  });

  it('records a preview whose server stalls inside FETCH as failed at its time budget, and leaves an answered one alone', async () => {
    const w = syncWorld();
    w.server.deliver('INBOX', aMailOf(500));
    w.server.beforeFetch = () => new Promise(() => undefined);
    const stored = new Map<string, PreviewRecord>([['pv1', { id: 'pv1', mailboxId: 'mb-1', status: 'running', historyDays: 30, requestedAt: new Date().toISOString() }]]);
    const deps = {
      mailboxes: { getMailbox: async () => w.record }, secrets: w.deps.secrets, imap: w.server, log: silent, now: () => new Date(), timeBudgetMs: 200,
      previews: { putPreview: async (_s: string, r: PreviewRecord) => { stored.set(r.id, r); }, getPreview: async (_s: string, _m: string, id: string) => stored.get(id)! },
      preview: (m: MailboxRecord, s: MailboxSession) => previewOf(m)(s),
    };
    const job = { v: 1 as const, action: 'preview' as const, correlationId: 'c', spaceId: SPACE, mailboxId: 'mb-1', previewId: 'pv1', historyDays: 30 };

    const failed = await runPreview(deps, job);
    const again = await runPreview(deps, job);

    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/too slow: the preview stopped at its time budget/) });
    expect(stored.get('pv1')).toMatchObject({ status: 'failed' });
    expect(again).toEqual(failed);
  });
});
