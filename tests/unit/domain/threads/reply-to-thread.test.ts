import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createMemoryRawMailer } from '../../../../shared/adapters/mailer/memory-raw-mailer.js';
import { createMemoryQueue } from '../../../../shared/adapters/queue/sqs-queue.js';
import { ValidationError } from '../../../../shared/domain/errors.js';
import { appendSent, type AppendSentOutcome } from '../../../../shared/domain/threads/append-sent.js';
import type { AppendSentJob } from '../../../../shared/domain/threads/pipeline-jobs.js';
import type { MailboxSmtp } from '../../../../shared/domain/mailbox/smtp-settings.js';
import type { MessageRecord } from '../../../../shared/domain/threads/ports.js';
import { replyToThread, REPLY_LIMITS, type ReplyDeps } from '../../../../shared/domain/threads/reply-to-thread.js';
import { createMemorySendRecords } from '../../../../shared/store/memory-send-records.js';
import { SPACE, syncWorld } from './sync-fixtures.js';

const aMessage = (over: Partial<MessageRecord> = {}): MessageRecord => ({
  spaceId: SPACE, id: 'm1', messageId: 'parent-1@northwind.example', threadId: 't1', mailboxId: 'mb-1', direction: 'inbound',
  from: { address: 'jane.doe@northwind.example', name: 'Jane' }, to: [{ address: 'sales@acme-supplies.example' }], cc: [], replyTo: [],
  subject: 'Order', date: '2026-11-01T10:00:00.000Z', snippet: '', text: '', hasHtml: false, attachments: [], parseStatus: 'parsed',
  contactIds: [], companyIds: [], rawKey: 'raw', folderRole: 'inbox', createdAt: '', contentSha256: '', participants: [],
  inReplyTo: 'root-1@northwind.example', ...over,
});

function replyWorld(messages: MessageRecord[] = [aMessage()]) {
  const world = syncWorld();
  world.mailboxes.set('mb-1', { ...world.record, addresses: ['sales@acme-supplies.example'], folders: [{ path: 'INBOX', role: 'inbox' }, { path: 'Sent', role: 'sent' }] });
  const mailer = createMemoryRawMailer();
  const smtpMailer = createMemoryRawMailer();
  const actions = createMemoryQueue<AppendSentJob>();
  let n = 0;
  const signature = { text: '' };
  const deps: ReplyDeps = {
    members: { pageMembers: async () => ({ items: messages.map((m) => ({ ...m, attachmentCount: 0 })) }) },
    messages: { findMessage: async (_s, id) => messages.find((m) => m.id === id) },
    mailboxes: { getMailbox: async (_s, id) => world.mailboxes.get(id)! },
    blobs: world.blobs, mailer, smtp: { mailerFor: async () => smtpMailer }, mailboxActions: actions, sends: createMemorySendRecords(), signatures: { getMailSignature: async () => signature }, sender: { address: 'billing@mailbridge.example' },
    now: () => new Date('2026-11-29T12:00:00Z'), newId: () => `ID${++n}ABCDEFGH`,
  };
  return { ...world, syncDeps: world.deps, mailer, smtpMailer, actions, deps, signature };
}

const anSmtp = (over: Partial<MailboxSmtp> = {}): MailboxSmtp =>
  ({ host: 'smtp.acme-supplies.example', port: 465, security: 'tls', allowInsecure: false, auth: 'mailbox', appendToSent: true, ...over });

const input = { spaceId: SPACE, userId: 'u1', threadId: 't1', correlationId: 'c1', text: 'Thanks' };

describe('replyToThread', () => {
  it('answers the newest customer message at its Reply-To, threaded on it, and hands the mail to the sync function', async () => {
    const w = replyWorld([
      aMessage({ id: 'm3', messageId: 'ours-1@acme-supplies.example', direction: 'outbound', to: [{ address: 'jane.doe@northwind.example' }] }),
      aMessage({ id: 'm2', messageId: 'parent-2@northwind.example', replyTo: [{ address: 'orders@northwind.example' }], subject: 'RE: Order' }),
    ]);

    const sent = await replyToThread(w.deps, input);

    const [mail] = w.mailer.sent;
    const parsed = await simpleParser(mail!.raw);
    expect(sent).toMatchObject({ to: ['orders@northwind.example'], subject: 'RE: Order', mailboxId: 'mb-1' });
    expect(mail).toMatchObject({ from: 'billing@mailbridge.example', recipients: ['orders@northwind.example'] });
    expect(parsed.inReplyTo).toBe('<parent-2@northwind.example>');
    expect(parsed.references).toEqual(['<root-1@northwind.example>', '<parent-2@northwind.example>']);
    expect(parsed.replyTo?.value.map((a) => a.address)).toEqual(['sales@acme-supplies.example']);
    expect(w.actions.sent).toEqual([expect.objectContaining({ action: 'append-sent', mailboxId: 'mb-1', size: mail!.raw.length })]);
    expect(w.blobs.objects.get(w.actions.sent[0]!.rawKey)?.equals(mail!.raw)).toBe(true);
  });

  it('puts the Space\'s signature under the text, after the -- separator', async () => {
    const w = replyWorld();
    w.signature.text = 'Jane Smith\r\nAcme Supplies · +44 20 7946 0000';

    await replyToThread(w.deps, { ...input, text: 'Thanks, it ships tomorrow.\n' });

    const parsed = await simpleParser(w.mailer.sent[0]!.raw);
    expect(parsed.text).toBe('Thanks, it ships tomorrow.\n\n-- \nJane Smith\nAcme Supplies · +44 20 7946 0000\n');
  });

  it('leaves the text as it is when the Space has no signature', async () => {
    const w = replyWorld();

    await replyToThread(w.deps, { ...input, text: 'Thanks' });

    expect((await simpleParser(w.mailer.sent[0]!.raw)).text).toBe('Thanks');
  });

  it('refuses attachments over the limit and sends nothing', async () => {
    const w = replyWorld();
    const big = { filename: 'big.bin', contentType: 'application/octet-stream', content: Buffer.alloc(REPLY_LIMITS.attachmentBytes + 1) };

    await expect(replyToThread(w.deps, { ...input, attachments: [big] })).rejects.toThrow(ValidationError);
    expect(w.mailer.sent).toHaveLength(0);
    expect(w.actions.sent).toHaveLength(0);
  });

  it('sends through the mailbox\'s own SMTP server, from the mailbox\'s address, when it has SMTP settings, and SES gets nothing', async () => {
    const w = replyWorld();
    w.mailboxes.set('mb-1', { ...w.mailboxes.get('mb-1')!, smtp: anSmtp() });

    const sent = await replyToThread(w.deps, input);

    const [mail] = w.smtpMailer.sent;
    const parsed = await simpleParser(mail!.raw);
    expect(w.mailer.sent).toHaveLength(0);
    expect(mail).toMatchObject({ from: 'sales@acme-supplies.example', recipients: ['jane.doe@northwind.example'] });
    expect(parsed.from?.value.map((a) => a.address)).toEqual(['sales@acme-supplies.example']);
    expect(parsed.inReplyTo).toBe('<parent-1@northwind.example>');
    expect(parsed.messageId).toBe(`<${sent.messageId}>`);
    expect(w.actions.sent).toEqual([expect.objectContaining({ action: 'append-sent', mailboxId: 'mb-1' })]);
  });

  it('queues no Sent-folder copy when the SMTP server keeps its own (appendToSent false)', async () => {
    const w = replyWorld();
    w.mailboxes.set('mb-1', { ...w.mailboxes.get('mb-1')!, smtp: anSmtp({ appendToSent: false }) });

    await replyToThread(w.deps, input);

    expect(w.smtpMailer.sent).toHaveLength(1);
    expect(w.actions.sent).toHaveLength(0);
  });

  it('refuses a thread whose only recipients are the mailbox itself', async () => {
    const w = replyWorld([aMessage({ direction: 'outbound', to: [{ address: 'sales@acme-supplies.example' }] })]);

    await expect(replyToThread(w.deps, input)).rejects.toMatchObject({ code: 'validation-failed', errors: [{ pointer: '#/to' }] });
    expect(w.mailer.sent).toHaveLength(0);
  });
});

describe('appendSent', () => {
  it('stores the sent mail in Sent as read and queues it for the parser with its UID', async () => {
    const w = replyWorld();
    await replyToThread(w.deps, input);

    const outcome = await appendSent({ ...w.syncDeps, mailboxes: w.deps.mailboxes, imap: w.server, blobs: w.blobs, parseQueue: w.parseQueue, appends: createMemorySendRecords(), now: w.deps.now, newId: w.deps.newId }, w.actions.sent[0]!);

    const sent = w.server.folders.get('Sent')!.messages;
    expect(outcome).toEqual({ status: 'appended', folder: 'Sent', uid: 1 });
    expect(sent.map((m) => m.flags)).toEqual([['\\Seen']]);
    expect(w.parseQueue.sent).toEqual([expect.objectContaining({ folderRole: 'sent', uid: 1, rawKey: w.actions.sent[0]!.rawKey })]);
  });

  it('stores a job delivered twice, or twice at once, in Sent once and queues one parse job', async () => {
    const w = replyWorld();
    await replyToThread(w.deps, input);
    const job = w.actions.sent[0]!;
    const deps = { ...w.syncDeps, mailboxes: w.deps.mailboxes, imap: w.server, blobs: w.blobs, parseQueue: w.parseQueue, appends: createMemorySendRecords<AppendSentOutcome>(), now: w.deps.now, newId: w.deps.newId };

    const [first, second] = await Promise.all([appendSent(deps, job), appendSent(deps, job)]);
    const third = await appendSent(deps, job);

    expect(w.server.folders.get('Sent')!.messages).toHaveLength(1);
    expect(w.parseQueue.sent).toHaveLength(1);
    expect([first, second, third]).toEqual(Array(3).fill({ status: 'appended', folder: 'Sent', uid: 1 }));
  });

  it('does not store the mail again when an earlier delivery stored it but crashed before recording that', async () => {
    const w = replyWorld();
    await replyToThread(w.deps, input);
    const job = w.actions.sent[0]!;
    const deps = { ...w.syncDeps, mailboxes: w.deps.mailboxes, imap: w.server, blobs: w.blobs, parseQueue: w.parseQueue, appends: createMemorySendRecords<AppendSentOutcome>(), now: w.deps.now, newId: w.deps.newId };
    await appendSent({ ...deps, appends: createMemorySendRecords<AppendSentOutcome>() }, job);

    const outcome = await appendSent(deps, job);

    expect(w.server.folders.get('Sent')!.messages).toHaveLength(1);
    expect(outcome).toEqual({ status: 'appended', folder: 'Sent', uid: 1 });
  });

  it('skips without a parse job when the mailbox has no such folder', async () => {
    const w = replyWorld();
    w.mailboxes.set('mb-1', { ...w.mailboxes.get('mb-1')!, folders: [{ path: 'INBOX', role: 'inbox' }, { path: 'Gesendet', role: 'sent' }] });
    await replyToThread(w.deps, input);

    const outcome = await appendSent({ ...w.syncDeps, mailboxes: w.deps.mailboxes, imap: w.server, blobs: w.blobs, parseQueue: w.parseQueue, appends: createMemorySendRecords(), now: w.deps.now, newId: w.deps.newId }, w.actions.sent[0]!);

    expect(outcome).toEqual({ status: 'skipped', reason: 'no-sent-folder' });
    expect(w.parseQueue.sent).toHaveLength(0);
  });
});
