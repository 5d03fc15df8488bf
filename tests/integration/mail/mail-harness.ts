import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { createImapflowMailbox } from '../../../shared/adapters/imap/imapflow-mailbox.js';
import { parseMime } from '../../../shared/adapters/mime/mailparser-mime.js';
import { createMemoryQueue } from '../../../shared/adapters/queue/sqs-queue.js';
import type { Contact } from '../../../shared/domain/contacts/contact.js';
import type { MailboxFolder } from '../../../shared/domain/mailbox/mailbox-config.js';
import type { MailboxRecord } from '../../../shared/domain/mailbox/mailbox-record.js';
import { linkMessage, type LinkOutcome } from '../../../shared/domain/threads/link-message.js';
import { linkBatch } from '../../../shared/deps/link-batch.js';
import { runJobStep } from '../../../shared/deps/job-steps.js';
import { requestRelink } from '../../../shared/domain/threads/request-relink.js';
import { parseMessage } from '../../../shared/domain/threads/parse-message.js';
import type { LinkJob, ParseJob, SyncJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { syncMailbox, type SyncLimits, type SyncOutcome } from '../../../shared/domain/threads/sync-mailbox.js';
import { batchWrite } from '../../../shared/store/batch.js';
import { companyItem } from '../../../shared/store/company-store.js';
import { seedItemsOf } from '../../../shared/store/contact-items.js';
import { companyDomainKey } from '../../../shared/store/keys.js';
import { createSecretBoxFromEnv } from '../../../shared/deps/mailbox-access.js';
import { createMailRuntime, type MailRuntime } from '../../../shared/deps/mail-runtime.js';
import type { DovecotServer } from '../../support/dovecot.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

export const SAMPLES_DIR = join(import.meta.dirname, '../../fixtures/mail/samples');
export const OWN_ADDRESS = 'sales@acme-supplies.example';

/** The sample mails by file name. */
export async function readSamples(): Promise<Map<string, Buffer>> {
  const files = (await readdir(SAMPLES_DIR)).filter((f) => f.endsWith('.eml')).sort();
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(join(SAMPLES_DIR, f))] as const)));
}

/** A unique mail with a fresh Message-ID. */
export const aMail = (over: { id?: string; from?: string; subject?: string; inReplyTo?: string; body?: string } = {}): string => [
  `From: ${over.from ?? 'Jane Doe <jane.doe@northwind.example>'}`,
  `To: ${OWN_ADDRESS}`,
  `Subject: ${over.subject ?? 'Hello'}`,
  `Date: ${new Date().toUTCString()}`,
  `Message-ID: <${over.id ?? ulid()}@northwind.example>`,
  ...(over.inReplyTo ? [`In-Reply-To: <${over.inReplyTo}>`, `References: <${over.inReplyTo}>`] : []),
  'Content-Type: text/plain; charset=utf-8',
  '',
  over.body ?? 'Hi, please send 3 widgets.',
  '',
].join('\r\n');

/**
 * Drives the pipeline through the use cases against the real local DynamoDB and S3, with
 * in-memory queues, so each test steps sync → parse → link itself.
 */
export async function mailHarness(spaceId: string) {
  useLocalStackEnv();
  const parseQueue = createMemoryQueue<ParseJob>();
  const linkQueue = createMemoryQueue<LinkJob>();
  const base = await createMailRuntime();
  // Relinks the linker asks for (a contact captured at once) land on this test's link queue.
  const capture = { ...base.capture, relink: (input: Parameters<typeof base.capture.relink>[0]) => requestRelink(linkQueue, input) };
  const rt = { ...base, capture, secrets: await createSecretBoxFromEnv(), imap: createImapflowMailbox({ allowPrivateHosts: true }) };
  const syncQueue = createMemoryQueue<SyncJob>();
  const now = () => new Date();

  const connect = async (dovecot: DovecotServer | { host: string; port: number }, user: { user: string; password: string },
    folders: MailboxFolder[] = [{ path: 'INBOX', role: 'inbox' }, { path: 'Sent', role: 'sent' }]): Promise<MailboxRecord> => {
    const id = ulid();
    const record: MailboxRecord = {
      spaceId, id, host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: user.user,
      folders, addresses: [OWN_ADDRESS], password: await rt.secrets.seal(user.password, { space: spaceId, mailbox: id }),
      paused: false, messagesSynced: 0, createdAt: now().toISOString(), updatedAt: now().toISOString(), version: 1,
    };
    await rt.mailboxes.createMailbox(record);
    return record;
  };

  const sync = (mailboxId: string, extra: { chunkSize?: number; limits?: Partial<SyncLimits>; retryProblems?: boolean } = {}): Promise<SyncOutcome> => syncMailbox(
    { ...rt, parseQueue, syncQueue, limits: { ...extra.limits, ...(extra.chunkSize ? { batchCount: extra.chunkSize } : {}) } },
    { spaceId, mailboxId, correlationId: 'test', ...(extra.retryProblems ? { retryProblems: true } : {}) });

  /**
   * Parses and links everything queued so far; returns the link outcomes. `batch` links it all the
   * way the link function does (linkBatch: one batch, its tallies and coalesced writes) and returns none.
   */
  const drain = async (mode: 'each' | 'batch' = 'each'): Promise<LinkOutcome[]> => {
    for (const job of parseQueue.sent.splice(0)) await parseMessage({ blobs: rt.blobs, parse: parseMime, linkQueue, problems: rt.problems, now }, job);
    if (mode === 'batch') {
      const failed = (await linkBatch(rt, linkQueue.sent.splice(0))).filter(Boolean);
      if (failed.length > 0) throw new Error(`link batch failed: ${JSON.stringify(failed)}`);
      return [];
    }
    const outcomes: LinkOutcome[] = [];
    for (const job of linkQueue.sent.splice(0)) {
      if (job.kind === 'link') outcomes.push(await linkMessage(rt, job));
      else await runJobStep({ ...rt, parseQueue, linkQueue }, job);
    }
    return outcomes;
  };

  const addContact = async (name: string, emails: string[], companyId?: string): Promise<string> => {
    const at = now().toISOString();
    const contact = {
      id: ulid(), spaceId, name, emails: emails.map((e) => e.toLowerCase()), phones: [], roles: [], primaryContact: false, tags: [], customFields: {},
      status: 'active', createdAt: at, updatedAt: at, version: 1, ...(companyId ? { companyId } : {}),
    } as unknown as Contact;
    await batchWrite(rt.table, seedItemsOf(contact));
    return contact.id;
  };

  const addCompany = async (name: string, domains: string[]): Promise<string> => {
    const at = now().toISOString();
    const id = ulid();
    const company = { id, spaceId, name, domains, tier: 'standard', tags: [], customFields: {}, status: 'active', createdAt: at, updatedAt: at, version: 1 };
    await batchWrite(rt.table, [
      companyItem(company as never),
      ...domains.map((domain) => ({ ...companyDomainKey(spaceId, domain), entity: 'company-domain', v: 1, domain, companyId: id })),
    ]);
    return id;
  };

  return { spaceId, rt, parseQueue, linkQueue, syncQueue, connect, sync, drain, addContact, addCompany };
}

/** Test-only: every message item of a Space (a Scan is fine here, never on a request path). */
export async function messageItems(rt: MailRuntime, spaceId: string): Promise<Record<string, unknown>[]> {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await rt.table.client.send(new ScanCommand({
      TableName: rt.table.table, FilterExpression: 'begins_with(pk, :p) AND entity = :e',
      ExpressionAttributeValues: { ':p': `space#${spaceId}#message#`, ':e': 'message' }, ExclusiveStartKey: start,
    }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
