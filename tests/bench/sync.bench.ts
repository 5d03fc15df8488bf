/**
 * Sync pipeline bench (npx tsx tests/bench/sync.bench.ts [N]): a private Dovecot with N mixed mails.
 * 1. msg/s of poll → parse → link, in-memory (stores and queues) and end to end on the local stack
 *    (sync-local-stack.ts), vs a plain imapflow fetch + mailparser;
 * 2. IMAP commands of a no-op incremental sync on 1,000 vs 10,000 messages;
 * 3. DynamoDB write units per synced message (sync + link) against DynamoDB Local. Prints, asserts nothing.
 * 4. A first sync of 10,000 mails in budgeted runs (a 4 MB byte budget per run, each run queueing its
 *    continuation), then parse and link: runs, lost and duplicated.
 * `npx tsx tests/bench/sync.bench.ts N write-units` (or `first-sync`) runs part 3 (or 4) alone; `… N stack`
 * the local stack's run alone, with its profile (CPU per process, invocations, busy time).
 */
import './handler-env.js';
import { createMemoryCapture } from '../../shared/store/memory-capture.js';
import { createMemoryOrderMailStore } from '../../shared/store/order-mail-store.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/emulators/dynamodb.js';
import { ensureTable, LOCAL_TABLE_NAME } from '../../infra/local/resources.js';
import type { Contact } from '../../shared/domain/contacts/contact.js';
import { batchWrite } from '../../shared/store/batch.js';
import { coalescingTable } from '../../shared/store/coalescing-table.js';
import { seedItemsOf } from '../../shared/store/contact-items.js';
import { createMailRuntime, type MailRuntime } from '../../shared/deps/mail-runtime.js';
import { linkBatch } from '../../shared/deps/link-batch.js';
import { ENV } from '../../shared/config/names.js';
import { DEFAULT_MAIL_RULES } from '../../shared/domain/rules/mail-rules.js';
import { syncOnLocalStack } from './sync-local-stack.js';
import { countingClient } from './write-units.js';
import { formatPerMessage, perMessage } from './cost-model.js';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { createMemoryBlobs } from '../../shared/adapters/blobs/memory-blobs.js';
import { createImapflowMailbox } from '../../shared/adapters/imap/imapflow-mailbox.js';
import { parseMime } from '../../shared/adapters/mime/mailparser-mime.js';
import { createMemoryQueue } from '../../shared/adapters/queue/sqs-queue.js';
import { createLocalSecretBox } from '../../shared/adapters/secrets/local-secret-box.js';
import type { SyncCursor } from '../../shared/domain/mailbox/plan-sync.js';
import type { MailboxRecord } from '../../shared/domain/mailbox/mailbox-record.js';
import { linkMessage } from '../../shared/domain/threads/link-message.js';
import { parseMessage } from '../../shared/domain/threads/parse-message.js';
import type { LinkJob, ParseJob, SyncJob } from '../../shared/domain/threads/pipeline-jobs.js';
import type { MessageRecord } from '../../shared/domain/threads/ports.js';
import { syncMailbox } from '../../shared/domain/threads/sync-mailbox.js';
import { createMemorySyncRunStore } from '../../shared/store/memory-sync-run-store.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';

const N = Number(process.argv[2] ?? 3_000);
const only = process.argv[3];
const quiet = { info() {}, warn() {}, error() {} };
const mail = (i: number) => [
  `From: Customer ${i} <c${i % 50}@customer${i % 7}.example>`, 'To: sales@acme-supplies.example', `Subject: Order ${i}`,
  `Date: ${new Date().toUTCString()}`, `Message-ID: <bench-${i}-${Date.now()}@customer.example>`, 'Content-Type: text/plain; charset=utf-8', '',
  `Hello,\r\nplease send ${i % 9 + 1} widgets.\r\n${'Lorem ipsum dolor sit amet. '.repeat(100 + (i % 20) * 100)}\r\n`,
].join('\r\n');

function memoryPipeline(spaceId: string) {
  const cursors = new Map<string, SyncCursor>();
  const messages = new Map<string, MessageRecord>();
  const claims = new Map<string, string>();
  const mailboxes = new Map<string, MailboxRecord>();
  const nop = async () => {};
  return {
    mailboxes: {
      getMailbox: async (_s: string, id: string) => mailboxes.get(id)!, recordSyncSuccess: nop, recordSyncError: nop,
      createMailbox: async (r: MailboxRecord) => { mailboxes.set(r.id, r); },
    },
    syncState: {
      acquireLease: async () => true, releaseLease: nop, acquireSpaceSlot: async () => 0, releaseSpaceSlot: nop,
      getCursor: async (_s: string, _m: string, f: string) => cursors.get(f),
      putCursor: async (_s: string, _m: string, f: string, c: SyncCursor) => { cursors.set(f, c); },
    },
    messages: {
      findMessage: async (_s: string, id: string) => messages.get(id),
      threadIdsOf: async (_s: string, ids: readonly string[]) => new Map(ids.flatMap((id) => (messages.has(id) ? [[id, messages.get(id)!.threadId] as const] : []))),
      claimIdentity: async (_s: string, id: string, content: string) => { if (!claims.has(id)) claims.set(id, content); return { holder: claims.get(id)!, heldBounces: [] }; },
      createMessage: async (r: MessageRecord) => { messages.set(r.id, r); },
    },
    threads: { addToThread: nop, findThreadsBySubject: async () => [] }, activities: { putActivities: nop, putAddressMessages: nop },
    directory: { findContactIdByEmail: async () => undefined, findCompanyIdByDomain: async () => undefined, touchContactActivity: nop },
    problems: { recordProblem: nop, listProblems: async () => [], resolveProblem: nop, deleteQuarantinedMessage: async () => false },
    runs: createMemorySyncRunStore(),
    rules: { getMailRules: async () => ({ rules: DEFAULT_MAIL_RULES }) },
    staff: { staffByEmail: async () => new Map<string, string>() },
    capture: createMemoryCapture(),
    bounces: { ...createMemoryCapture(), orderMail: createMemoryOrderMailStore(), held: { holdBounce: async () => ({ state: 'held' as const }) } },
    replyTags: { key: async () => Buffer.alloc(32), orders: { getOrder: async () => undefined, findOrderBySubjectTag: async () => undefined } },
    skipped: { recordSkipped: async () => {} },
    syncQueue: createMemoryQueue<SyncJob>(),
    spaceId, messages_: messages,
  };
}

async function connectRecord(dovecot: DovecotServer, user: string, secrets: ReturnType<typeof createLocalSecretBox>): Promise<MailboxRecord> {
  const id = `mb-${user}`;
  return {
    spaceId: 'bench', id, host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: user,
    folders: [{ path: 'INBOX', role: 'inbox' }], addresses: ['sales@acme-supplies.example'],
    password: await secrets.seal('pw', { space: 'bench', mailbox: id }), paused: false, messagesSynced: 0, createdAt: '', updatedAt: '', version: 1,
  };
}

async function main() {
  const dovecot = await startDovecot({ users: ['bench', 'k1', 'k10', 'wcu', 'first'].map((user) => ({ user, password: 'pw' })) });
  try {
    const secrets = createLocalSecretBox(Buffer.alloc(32, 7));
    if (only === 'write-units') {
      console.log(`write units per message: ${(await writeUnitsPerMessage(dovecot, secrets, N)).toFixed(2)}`);
      return;
    }
    if (only === 'stack') {
      await stackOnly(dovecot);
      return;
    }
    if (only === 'first-sync') {
      await firstSync(dovecot, secrets, N);
      return;
    }
    await dovecot.appendMessages('bench', 'INBOX', Array.from({ length: N }, (_, i) => mail(i)));

    let t0 = process.hrtime.bigint(); let c0 = process.cpuUsage();
    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: 'bench', pass: 'pw' }, logger: false });
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    const sources: Buffer[] = [];
    for await (const m of client.fetch('1:*', { source: true })) if (m.source) sources.push(m.source);
    lock.release(); await client.logout();
    for (const s of sources) await simpleParser(s);
    const baseline = { s: Number(process.hrtime.bigint() - t0) / 1e9, cpu: cpuSeconds(c0) };

    t0 = process.hrtime.bigint(); c0 = process.cpuUsage();
    const mem = memoryPipeline('bench');
    const record = await connectRecord(dovecot, 'bench', secrets);
    await mem.mailboxes.createMailbox(record);
    const blobs = createMemoryBlobs();
    const parseQueue = createMemoryQueue<ParseJob>();
    const linkQueue = createMemoryQueue<LinkJob>();
    const deps = { ...mem, secrets, imap: createImapflowMailbox({ allowPrivateHosts: true }), blobs, log: quiet, now: () => new Date() };
    await syncMailbox({ ...deps, parseQueue }, { spaceId: 'bench', mailboxId: record.id, correlationId: 'bench' });
    for (const job of parseQueue.sent) await parseMessage({ blobs, parse: parseMime, linkQueue, problems: mem.problems, now: () => new Date() }, job);
    for (const job of linkQueue.sent) if (job.kind === 'link') await linkMessage(deps, job);
    const ours = { s: Number(process.hrtime.bigint() - t0) / 1e9, cpu: cpuSeconds(c0) };

    const stack = await syncOnLocalStack(dovecot, 'bench', 'pw', N);

    const row = (name: string, r: { s: number; cpu: number }) =>
      `${name.padEnd(38)} ${(N / r.s).toFixed(0).padStart(5)} msg/s, ${(r.cpu / N * 1000).toFixed(2).padStart(6)} CPU-s per 1,000`;
    const vs = (r: { s: number; cpu: number }) => `   (msg/s ×${(baseline.s / r.s).toFixed(2)}, CPU ×${(r.cpu / baseline.cpu).toFixed(2)} vs baseline)`;
    console.log(`messages: ${N} (in-memory stored ${mem.messages_.size}; local stack linked ${stack.linked}, messagesSynced ${stack.messagesSynced}${stack.lastError ? `, lastError ${stack.lastError}` : ''})`);
    console.log(row('baseline imapflow fetch + mailparser:', baseline));
    console.log(row('poll → parse → link (in-memory):', ours) + vs(ours));
    console.log(row('poll → parse → link (local stack):', stack) + vs(stack));
    if (stack.dynamoCpu !== undefined) console.log(`  local stack, DynamoDB Local JVM besides: ${(stack.dynamoCpu / N * 1000).toFixed(2)} CPU-s per 1,000 (not in the process CPU above)`);
    printProfile(stack, N);

    const noop: Record<string, number> = {};
    for (const [user, count] of [['k1', 1_000], ['k10', 10_000]] as const) {
      await dovecot.appendMessages(user, 'INBOX', Array.from({ length: count }, (_, i) => `Subject: s${i}\r\nMessage-ID: <${user}-${i}@x>\r\n\r\nb\r\n`));
      const m = memoryPipeline('bench');
      const r = await connectRecord(dovecot, user, secrets);
      await m.mailboxes.createMailbox(r);
      const d = { ...m, secrets, imap: createImapflowMailbox({ allowPrivateHosts: true }), blobs: createMemoryBlobs(), parseQueue: createMemoryQueue<ParseJob>(), log: quiet, now: () => new Date() };
      await syncMailbox(d, { spaceId: 'bench', mailboxId: r.id, correlationId: 'bench' });
      const second = await syncMailbox(d, { spaceId: 'bench', mailboxId: r.id, correlationId: 'bench' });
      noop[user] = second.status === 'synced' ? second.commands : -1;
    }
    console.log(`no-op sync IMAP commands: 1k=${noop.k1} 10k=${noop.k10} ratio=${(noop.k10! / noop.k1!).toFixed(2)}`);
    const writeUnits = await writeUnitsPerMessage(dovecot, secrets);
    const cost = perMessage(stack.requests, N, writeUnits);
    for (const line of formatPerMessage(cost, stack.requests, N)) console.log(line);
    console.log('done means (issue 16), measured above in this run:');
    console.log(`  requests per message ${cost.requests.toFixed(2)} (≤ 6), S3 PUTs ${cost.s3Puts.toFixed(2)} (≤ 1), SQS ${cost.byService.sqs.toFixed(2)} (≤ 0.5), write units ${writeUnits.toFixed(2)} (≤ 3)`);
    console.log(`  end-to-end msg/s ×${(baseline.s / stack.s).toFixed(2)} of the baseline (≥ 0.3), CPU ×${((stack.cpu + (stack.dynamoCpu ?? 0)) / baseline.cpu).toFixed(2)} with DynamoDB Local (≤ 3)`);
    console.log(`  cost per million synced messages $${cost.cost.total.toFixed(2)} (≤ $7); no-op IMAP commands 10k/1k ${(noop.k10! / noop.k1!).toFixed(2)} (= 1.0)`);
    const first = await firstSync(dovecot, secrets, 10_000);
    console.log(`  10,000-message first sync: ${first.runs} budgeted runs, ${first.lost} lost, ${first.duplicated} duplicated (0 and 0)`);
  } finally {
    await dovecot.stop();
  }
}

/** `… N stack`: the local stack's run alone (requests, profile), without the baseline or the other parts. */
async function stackOnly(dovecot: DovecotServer): Promise<void> {
  await dovecot.appendMessages('bench', 'INBOX', Array.from({ length: N }, (_, i) => mail(i)));
  const stack = await syncOnLocalStack(dovecot, 'bench', 'pw', N);
  console.log(`local stack: ${N} mails, linked ${stack.linked}, ${(N / stack.s).toFixed(1)} msg/s, ${((stack.cpu + (stack.dynamoCpu ?? 0)) / N * 1000).toFixed(2)} CPU-s per 1,000 with DynamoDB Local`);
  printProfile(stack, N);
  const cost = perMessage(stack.requests, N, 0);
  for (const line of formatPerMessage(cost, stack.requests, N).slice(0, 4)) console.log(line);
}

/**
 * A first sync of `count` small mails (1–4 KB) in runs of a 4 MB byte budget: each run that stops on
 * its budget queues its continuation, which the bench runs until none is left; then every mail is
 * parsed and linked. Lost = Message-IDs with no stored message; duplicated = mails handed on more
 * than once plus links that found their mail already stored.
 */
async function firstSync(dovecot: DovecotServer, secrets: ReturnType<typeof createLocalSecretBox>, count: number) {
  const small = (i: number) => [
    `From: Customer ${i} <c${i % 50}@customer${i % 7}.example>`, 'To: sales@acme-supplies.example', `Subject: First sync ${i}`,
    `Date: ${new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString()}`, `Message-ID: <first-${i}@customer.example>`, 'Content-Type: text/plain; charset=utf-8', '',
    `Hello,\r\nplease send ${i % 9 + 1} widgets.\r\n${'Lorem ipsum dolor sit amet. '.repeat(30 + (i % 4) * 30)}\r\n`,
  ].join('\r\n');
  await dovecot.appendMessages('first', 'INBOX', Array.from({ length: count }, (_, i) => small(i)));
  const t0 = process.hrtime.bigint();
  const mem = memoryPipeline('bench');
  const record = await connectRecord(dovecot, 'first', secrets);
  await mem.mailboxes.createMailbox(record);
  const blobs = createMemoryBlobs();
  const parseQueue = createMemoryQueue<ParseJob>();
  const linkQueue = createMemoryQueue<LinkJob>();
  const deps = { ...mem, secrets, imap: createImapflowMailbox({ allowPrivateHosts: true }), blobs, parseQueue, log: quiet, now: () => new Date(), limits: { byteBudget: 4 * 1024 * 1024 } };
  let runs = 0;
  const stops: string[] = [];
  for (let job: SyncJob | undefined = { spaceId: 'bench', mailboxId: record.id, correlationId: 'bench' } as SyncJob; job; job = mem.syncQueue.sent.shift()) {
    runs++;
    const outcome = await syncMailbox(deps, { spaceId: job.spaceId, mailboxId: job.mailboxId, correlationId: job.correlationId });
    stops.push(outcome.status === 'stopped' ? `stopped(${outcome.on}, ${outcome.messages})` : outcome.status);
  }
  const handedOn = parseQueue.sent.length;
  for (const job of parseQueue.sent) await parseMessage({ blobs, parse: parseMime, linkQueue, problems: mem.problems, now: () => new Date() }, job);
  let duplicateLinks = 0;
  for (const job of linkQueue.sent) if (job.kind === 'link' && (await linkMessage(deps, job)).status === 'duplicate') duplicateLinks++;
  const stored = new Set([...mem.messages_.values()].map((m) => m.messageId));
  const lost = Array.from({ length: count }, (_, i) => `first-${i}@customer.example`).filter((id) => !stored.has(id) && !stored.has(`<${id}>`)).length;
  const duplicated = Math.max(0, handedOn - count) + duplicateLinks;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`first sync of ${count} mails: ${runs} runs (${stops.join(', ')}), ${handedOn} handed on, ${stored.size} stored, ${lost} lost, ${duplicated} duplicated, ${s.toFixed(1)} s`);
  return { runs, lost, duplicated };
}

/**
 * Sync + parse + link of W mails through the DynamoDB stores, composed as the functions compose them
 * (createMailRuntime: the timeline counts interactions) and linked in SQS-sized batches of 10 as the
 * link worker does (linkBatch), counting write units per message, in total and per kind of item.
 */
async function writeUnitsPerMessage(dovecot: DovecotServer, secrets: ReturnType<typeof createLocalSecretBox>, W = 100): Promise<number> {
  const ddb = await startDynamoDbLocal({ port: 0 });
  const raw = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  try {
    await ensureTable(raw);
    const counting = countingClient(DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false } }));
    const t = { client: counting.client, table: LOCAL_TABLE_NAME };
    const originals = Array.from({ length: W }, (_, i) => mail(i));
    await dovecot.appendMessages('wcu', 'INBOX', originals);
    const at = new Date().toISOString();
    const contacts = Array.from({ length: 20 }, (_, i) => ({
      id: `c${i}`, spaceId: 'bench', name: `Customer ${i}`, emails: [`c${i}@customer${i % 7}.example`], phones: [], roles: [], primaryContact: false,
      tags: [], customFields: {}, status: 'active', createdAt: at, updatedAt: at, version: 1,
    }) as unknown as Contact);
    await batchWrite(t, contacts.flatMap(seedItemsOf));
    // The runtime reads these names; the bench swaps in memory blobs and queues below.
    Object.assign(process.env, { [ENV.mailBucket]: 'bench', [ENV.syncQueueUrl]: 'bench', [ENV.parseQueueUrl]: 'bench', [ENV.linkQueueUrl]: 'bench' });
    const blobs = createMemoryBlobs();
    const parseQueue = createMemoryQueue<ParseJob>();
    const linkQueue = createMemoryQueue<LinkJob>();
    // Over coalescingTable, as the link function composes it (link-worker.ts: linkRuntime).
    const rt: MailRuntime = { ...(await createMailRuntime(coalescingTable(t))), blobs, parseQueue, linkQueue, syncQueue: createMemoryQueue<SyncJob>(), log: quiet };
    const record = await connectRecord(dovecot, 'wcu', secrets);
    await rt.mailboxes.createMailbox(record);
    counting.reset();
    await syncMailbox({ ...rt, secrets, imap: createImapflowMailbox({ allowPrivateHosts: true }) }, { spaceId: 'bench', mailboxId: record.id, correlationId: 'bench' });
    const sync = { ...counting.units, calls: { ...counting.units.calls }, byItem: { ...counting.units.byItem } };
    counting.reset();
    for (const job of parseQueue.sent) await parseMessage({ blobs, parse: parseMime, linkQueue, problems: rt.problems, now: () => new Date() }, job);
    for (let i = 0; i < linkQueue.sent.length; i += 10) await linkBatch(rt, linkQueue.sent.slice(i, i + 10));
    const link = { ...counting.units, calls: { ...counting.units.calls }, byItem: { ...counting.units.byItem } };
    console.log(`DynamoDB write units per message (${W} mails, 20 known contacts, linked in batches of 10):`);
    printWriteUnits(sync, link, W);
    // A customer answer to each of those threads (In-Reply-To), synced and linked the same way: what a reply costs.
    const parents = linkQueue.sent.length;
    const customerReplies = originals.map((m, i) => replyTo(m, i));
    await dovecot.appendMessages('wcu', 'INBOX', customerReplies);
    counting.reset();
    await syncMailbox({ ...rt, secrets, imap: createImapflowMailbox({ allowPrivateHosts: true }) }, { spaceId: 'bench', mailboxId: record.id, correlationId: 'bench' });
    const replySync = { ...counting.units, calls: { ...counting.units.calls }, byItem: { ...counting.units.byItem } };
    counting.reset();
    for (const job of parseQueue.sent.slice(parents)) await parseMessage({ blobs, parse: parseMime, linkQueue, problems: rt.problems, now: () => new Date() }, job);
    for (let i = parents; i < linkQueue.sent.length; i += 10) await linkBatch(rt, linkQueue.sent.slice(i, i + 10));
    console.log(`DynamoDB write units per reply (${W} customer replies, one to each thread above, linked in batches of 10):`);
    printWriteUnits(replySync, counting.units, W);
    // Then our answer to each customer reply (from the mailbox's own address): what a staff answer costs.
    const replies = linkQueue.sent.length;
    await dovecot.appendMessages('wcu', 'INBOX', customerReplies.map((m, i) => answerTo(m, i)));
    counting.reset();
    await syncMailbox({ ...rt, secrets, imap: createImapflowMailbox({ allowPrivateHosts: true }) }, { spaceId: 'bench', mailboxId: record.id, correlationId: 'bench' });
    const answerSync = { ...counting.units, calls: { ...counting.units.calls }, byItem: { ...counting.units.byItem } };
    counting.reset();
    for (const job of parseQueue.sent.slice(replies)) await parseMessage({ blobs, parse: parseMime, linkQueue, problems: rt.problems, now: () => new Date() }, job);
    for (let i = replies; i < linkQueue.sent.length; i += 10) await linkBatch(rt, linkQueue.sent.slice(i, i + 10));
    console.log(`DynamoDB write units per answer of ours (${W} answers from the mailbox's address, one to each customer reply above, linked in batches of 10):`);
    printWriteUnits(answerSync, counting.units, W);
    return (sync.estimated + link.estimated) / W;
  } finally {
    raw.destroy();
    await ddb.stop();
  }
}

/** A customer's answer to a bench mail, an hour later, joining its thread through In-Reply-To. */
function replyTo(original: string, i: number): string {
  const parent = /^Message-ID: (<[^>]+>)/m.exec(original)?.[1] ?? '';
  return [
    `From: Customer ${i} <c${i % 50}@customer${i % 7}.example>`, 'To: sales@acme-supplies.example', `Subject: Re: Order ${i}`,
    `Date: ${new Date(Date.now() + 3_600_000).toUTCString()}`, `Message-ID: <bench-reply-${i}-${Date.now()}@customer.example>`,
    `In-Reply-To: ${parent}`, `References: ${parent}`, 'Content-Type: text/plain; charset=utf-8', '',
    `Thanks, and could you add ${i % 4 + 2} gaskets and a spare valve to that shipment?\r\n`,
  ].join('\r\n');
}

/** Our answer to a customer's reply, from the mailbox's own address two hours after the first mail. */
function answerTo(reply: string, i: number): string {
  const parent = /^Message-ID: (<[^>]+>)/m.exec(reply)?.[1] ?? '';
  return [
    'From: Bob Miller <sales@acme-supplies.example>', `To: Customer ${i} <c${i % 50}@customer${i % 7}.example>`, `Subject: Re: Order ${i}`,
    `Date: ${new Date(Date.now() + 7_200_000).toUTCString()}`, `Message-ID: <bench-answer-${i}-${Date.now()}@acme-supplies.example>`,
    `In-Reply-To: ${parent}`, `References: ${parent}`, 'Content-Type: text/plain; charset=utf-8', '',
    'Done, the gaskets and the valve ship with the order on Monday.\r\n',
  ].join('\r\n');
}

type Counted = ReturnType<typeof countingClient>['units'];
function printWriteUnits(sync: Counted, link: Counted, W: number): void {
  const per = (n: number) => (n / W).toFixed(2);
  const items = (byItem: Record<string, number>) => Object.entries(byItem).sort(([, a], [, b]) => b - a).map(([k, n]) => `${k} ${per(n)}`).join(', ');
  console.log(`  sync:  billed ${per(sync.estimated)} (reported ${per(sync.reported)})  calls ${JSON.stringify(sync.calls)}`);
  console.log(`  link:  billed ${per(link.estimated)} (reported ${per(link.reported)})  calls ${JSON.stringify(link.calls)} units ${JSON.stringify(Object.fromEntries(Object.entries(link.byCall).map(([k, n]) => [k, per(n)])))}`);
  console.log(`  per item (billed by size after the write, 2× in a transaction): ${items({ ...sync.byItem, ...Object.fromEntries(Object.entries(link.byItem).map(([k, n]) => [k, n + (sync.byItem[k] ?? 0)])) })}`);
  console.log(`  total: billed by item size ${per(sync.estimated + link.estimated)} (DynamoDB Local reported ${per(sync.reported + link.reported)}; its transaction figures do not follow item sizes)`);
}

/** Where the local stack's wall time and CPU went (sync-local-stack.ts: Profile). */
function printProfile(stack: Awaited<ReturnType<typeof syncOnLocalStack>>, n: number): void {
  const { profile } = stack;
  const perK = (s: number) => (s / n * 1000).toFixed(2);
  const cpu = Object.entries({ ...profile.cpuByProcess, 'DynamoDB Local JVM': stack.dynamoCpu ?? 0 }).sort(([, a], [, b]) => b - a);
  console.log(`  profile: sync handed on all ${n} at ${profile.syncedS.toFixed(1)} s, all linked at ${stack.s.toFixed(1)} s`);
  console.log(`  CPU-s per 1,000 by process: ${cpu.map(([k, v]) => `${k} ${perK(v)}`).join(', ')}`);
  for (const [fn, s] of Object.entries(profile.invocations)) {
    console.log(`  ${fn}: ${s.calls} invocations, ${(s.records / Math.max(1, s.calls)).toFixed(1)} SQS records each, busy ${s.busyS.toFixed(1)} s (${(s.busyS / stack.s).toFixed(2)} of the wall time)`);
  }
}

const cpuSeconds = (start: NodeJS.CpuUsage) => { const u = process.cpuUsage(start); return (u.user + u.system) / 1e6; };

await main();
