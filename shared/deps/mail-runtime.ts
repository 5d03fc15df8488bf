import { createS3Blobs } from '../adapters/blobs/s3-blobs.js';
import { createSqsQueue, type Queue } from '../adapters/queue/sqs-queue.js';
import { intEnv, once, requireEnv } from '../config/config.js';
import { SYNC_LIMITS } from '../config/names.js';
import { LINK_JOB_MAX_BYTES, type LinkJob, type ParseJob, type SyncQueueJob } from '../domain/threads/pipeline-jobs.js';
import type { ContactDirectory } from '../domain/threads/ports.js';
import { requestRelink } from '../domain/threads/request-relink.js';
import { log } from '../observability/logger.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import { createActivityStore } from '../store/activity-store.js';
import { createCaptureStore } from '../store/capture-store.js';
import { createCompanyStore } from '../store/company-store.js';
import { createMessageLinks } from '../store/message-links.js';
import { createContactStore } from '../store/contact-store.js';
import { defaultTable, type TableRef } from '../store/dynamo.js';
import { createMailboxStore } from '../store/mailbox-store.js';
import { createMailboxProblemStore } from '../store/mailbox-problem-store.js';
import { createMailboxSyncStore } from '../store/mailbox-sync-store.js';
import { createMessageStore } from '../store/message-store.js';
import { createSettingsStore } from '../store/settings-store.js';
import { createSkippedMailStore } from '../store/skipped-mail-store.js';
import { createStaffStore } from '../store/staff-store.js';
import { createSyncRunStore } from '../store/sync-run-store.js';
import { createThreadStore } from '../store/thread-store.js';
import { createOrderMailStore } from '../store/order-mail-store.js';
import { createOrderStore } from '../store/order-store.js';
import { countingLinks, countingTimeline, customerEventRecorder } from './customer-stats.js';
import { replyTagKeyFromSecrets } from './reply-tagging.js';

/** The CRM lookups the linker uses, over the contact and company stores. */
export const createContactDirectory = (t: TableRef): ContactDirectory => {
  const contacts = createContactStore(t);
  const companies = createCompanyStore(t);
  return {
    findContactIdByEmail: async (s, email) => (await contacts.findContactByEmail(s, email))?.id,
    findCompanyIdByDomain: async (s, domain) => (await companies.findCompanyByDomain(s, domain))?.id,
    async findCompanyIdOfContact(s, id) {
      const contact = await contacts.getContact(s, id);
      return contact && contact.status !== 'archived' && !contact.mergedInto ? contact.companyId : undefined;
    },
    touchContactActivity: (s, id, at) => contacts.touchContactActivity(s, id, at).catch(() => undefined),
  };
};

/**
 * What the mail functions share (stores, blobs, queues), built from the environment once per
 * container. IMAP and mailbox secrets live in mailbox-access.ts, so functions that never log in to
 * a mailbox do not bundle imapflow.
 */
export const createMailRuntime = async (t: TableRef = defaultTable()) => runtimeOn(t, createSqsQueue<LinkJob>(requireEnv('linkQueueUrl'), { maxBodyBytes: LINK_JOB_MAX_BYTES }));

const runtimeOn = (t: TableRef, linkQueue: Queue<LinkJob>) => ({
  table: t,
  mailboxes: createMailboxStore(t),
  syncState: createMailboxSyncStore(t),
  problems: createMailboxProblemStore(t),
  runs: createSyncRunStore(t),
  messages: createMessageStore(t),
  threads: createThreadStore(t),
  activities: countingTimeline(createActivityStore(t), customerEventRecorder(t)),
  links: countingLinks(createMessageLinks(t), customerEventRecorder(t)),
  directory: createContactDirectory(t),
  rules: createSettingsStore(t),
  staff: createStaffStore(t),
  capture: {
    contacts: createContactStore(t), companies: createCompanyStore(t), captures: createCaptureStore(t), rt: systemRuntime,
    // Logged, never thrown, like the contacts API's relink: the contact is committed, and a redelivered mail would not ask again.
    relink: (input: { spaceId: string; addresses: readonly string[]; correlationId: string }) => requestRelink(linkQueue, input)
      .catch((error: unknown) => log.error('relink request failed', { spaceId: input.spaceId, addresses: input.addresses.length, error: error as Error })),
  },
  bounces: { contacts: createContactStore(t), rt: systemRuntime, orderMail: createOrderMailStore(t), held: createMessageStore(t) },
  // The key is read from the app secret only when a mail carries something that looks like a token.
  replyTags: { key: once(replyTagKeyFromSecrets), orders: { getOrder: createOrderStore(t).getOrder, findOrderBySubjectTag: createOrderMailStore(t).findOrderBySubjectTag } },
  skipped: createSkippedMailStore(t),
  blobs: createS3Blobs(requireEnv('mailBucket')),
  syncQueue: createSqsQueue<SyncQueueJob>(requireEnv('syncQueueUrl')),
  parseQueue: createSqsQueue<ParseJob>(requireEnv('parseQueueUrl')),
  linkQueue,
  windowDays: intEnv('syncWindowDays', 30),
  maxMessageBytes: intEnv('syncMaxMessageBytes', SYNC_LIMITS.maxMessageBytes),
  maxMailboxesPerSpace: intEnv('maxMailboxesPerSpace', SYNC_LIMITS.mailboxesPerSpace),
  log,
  now: systemRuntime.now,
});

export type MailRuntime = Awaited<ReturnType<typeof createMailRuntime>>;

/** The container's runtime (a failed build is retried on the next call). */
export const mailRuntime = once((): Promise<MailRuntime> => createMailRuntime());
