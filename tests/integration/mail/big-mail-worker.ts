/**
 * The sync worker in a process of its own, so a test can read its peak RSS (big-mail.test.ts).
 * Env: the local stack's variables plus BIG_MAIL_SPACE and BIG_MAIL_MAILBOX. Runs syncMailbox on
 * the real stores, bucket and IMAP server until the mailbox is synced (budget stops continue), then
 * prints one JSON line: peak RSS, outcomes and the parse jobs it queued.
 */
import { createImapflowMailbox } from '../../../shared/adapters/imap/imapflow-mailbox.js';
import { createMemoryQueue } from '../../../shared/adapters/queue/sqs-queue.js';
import type { ParseJob, SyncJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { syncMailbox, type SyncOutcome } from '../../../shared/domain/threads/sync-mailbox.js';
import { createSecretBoxFromEnv } from '../../../shared/deps/mailbox-access.js';
import { createMailRuntime } from '../../../shared/deps/mail-runtime.js';

const spaceId = process.env.BIG_MAIL_SPACE!;
const mailboxId = process.env.BIG_MAIL_MAILBOX!;
const rt = await createMailRuntime();
const parseQueue = createMemoryQueue<ParseJob>();
const syncQueue = createMemoryQueue<SyncJob>();
const deps = {
  ...rt, parseQueue, syncQueue, secrets: await createSecretBoxFromEnv(), imap: createImapflowMailbox({ allowPrivateHosts: true }),
};
const outcomes: SyncOutcome[] = [];
do outcomes.push(await syncMailbox(deps, { spaceId, mailboxId, correlationId: 'big-mail' }));
while (outcomes.at(-1)?.status === 'stopped' && outcomes.length < 20);
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const jobs = parseQueue.sent.map(({ uid, rawKey, sha256, size }) => ({ uid, rawKey, sha256, size }));
console.log(JSON.stringify({ maxRssMb, outcomes, jobs }));
process.exit(0);
