import { createHash } from 'node:crypto';
import { NotFoundError, ValidationError } from '../errors.js';
import type { MailboxRecord } from '../mailbox/mailbox-record.js';
import { messageIdentity } from '../mail/message-identity.js';
import { composeReply, isPlainAddress, type ReplyAttachment } from './compose-reply.js';
import { mailKeys, type AppendSentJob } from './pipeline-jobs.js';
import type { Blobs, MessageRecord, Page, ThreadMessage } from './ports.js';

/** Attachments of one reply: few, and small enough for SES, the Lambda payload and the API body limit. */
export const REPLY_LIMITS = { attachments: 5, attachmentBytes: 700 * 1024, recipients: 20, textChars: 100_000 } as const;

/** Sends one raw MIME mail; `recipients` is the SMTP envelope (To and Cc). */
export interface RawMailer {
  /** @throws MailerError when the provider refuses the mail. */
  sendRaw(raw: Buffer, envelope: { readonly from: string; readonly recipients: readonly string[] }): Promise<{ providerId: string }>;
}

export interface ReplyDeps {
  readonly members: { pageMembers(spaceId: string, threadId: string, limit: number, newestFirst: boolean): Promise<Page<ThreadMessage>> };
  readonly messages: { findMessage(spaceId: string, id: string): Promise<MessageRecord | undefined> };
  readonly mailboxes: { getMailbox(spaceId: string, id: string): Promise<MailboxRecord> };
  readonly blobs: Pick<Blobs, 'put'>;
  readonly mailer: RawMailer;
  /** The sync queue: the sync function stores the sent mail in the mailbox's Sent folder. */
  readonly mailboxActions: { send(job: AppendSentJob): Promise<void> };
  /** The verified sender identity (MAIL_FROM); the Space's mailbox goes into Reply-To. */
  readonly sender: { readonly address: string; readonly name?: string };
  readonly now: () => Date;
  readonly newId: () => string;
}

export interface ReplyInput {
  readonly spaceId: string;
  readonly threadId: string;
  readonly correlationId: string;
  readonly text: string;
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
  readonly subject?: string;
  readonly attachments?: readonly ReplyAttachment[];
}

export interface SentReply {
  /** The stored message id the reply will have once synced (Space + Message-ID). */
  readonly id: string;
  readonly messageId: string;
  readonly threadId: string;
  readonly mailboxId: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
}

/**
 * Replies to a thread's newest customer message: threaded on it, Reply-To the mailbox it came to,
 * sent through the mailer, kept in the bucket and handed to the sync function for the Sent folder.
 * @throws NotFoundError for a thread without messages, ValidationError for attachments over the
 * limits or a mailbox without an address, UnsafeHeaderError, MailerError
 */
export async function replyToThread(deps: ReplyDeps, input: ReplyInput): Promise<SentReply> {
  const parent = await parentOf(deps, input);
  const mailbox = await deps.mailboxes.getMailbox(input.spaceId, parent.mailboxId);
  const replyTo = mailbox.addresses.find(isPlainAddress) ?? (isPlainAddress(mailbox.username) ? mailbox.username : undefined);
  if (!replyTo) throw new ValidationError([{ pointer: '#/mailboxId', detail: 'the mailbox has no address to reply from' }]);
  checkAttachments(input.attachments ?? []);

  const to = input.to ?? defaultRecipients(parent, mailbox);
  if (to.length === 0) throw new ValidationError([{ pointer: '#/to', detail: 'the thread has no customer address to reply to' }]);
  const messageId = `${deps.newId()}@${replyTo.slice(replyTo.lastIndexOf('@') + 1).toLowerCase()}`;
  // A mail without a Message-ID has a synthetic one that no mail client knows.
  const parentId = parent.messageId.startsWith('sha256:') ? undefined : parent.messageId;
  const references = [...(parent.inReplyTo ? [parent.inReplyTo] : []), ...(parentId ? [parentId] : [])];
  const subject = input.subject ?? (/^re:/i.test(parent.subject.trim()) ? parent.subject : `Re: ${parent.subject}`);
  const raw = composeReply({
    from: deps.sender, replyTo, to, cc: input.cc ?? [], subject, messageId, references, date: deps.now(), text: input.text,
    attachments: input.attachments ?? [], boundary: deps.newId().replace(/[^A-Za-z0-9]/g, '').slice(0, 40).padEnd(8, '0'),
    ...(parentId ? { inReplyTo: parentId } : {}),
  });
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const rawKey = mailKeys.raw(input.spaceId, mailbox.id, sha256);

  await deps.blobs.put(rawKey, raw, 'message/rfc822');
  await deps.mailer.sendRaw(raw, { from: deps.sender.address, recipients: [...to, ...(input.cc ?? [])] });
  await deps.mailboxActions.send({
    v: 1, correlationId: input.correlationId, spaceId: input.spaceId, action: 'append-sent', mailboxId: mailbox.id, rawKey, sha256, size: raw.length,
  });
  return { id: messageIdentity(input.spaceId, { messageId }), messageId, threadId: input.threadId, mailboxId: mailbox.id, to, cc: input.cc ?? [], subject };
}

/** The newest inbound message of the thread, else its newest message. */
async function parentOf(deps: ReplyDeps, input: ReplyInput): Promise<MessageRecord> {
  const page = await deps.members.pageMembers(input.spaceId, input.threadId, 25, true);
  const newest = page.items.find((m) => m.direction === 'inbound') ?? page.items[0];
  const parent = newest && await deps.messages.findMessage(input.spaceId, newest.id);
  if (!parent) throw new NotFoundError('thread', input.threadId);
  return parent;
}

/** The customer: Reply-To or From of inbound mail, the recipients of our own. */
function defaultRecipients(parent: MessageRecord, mailbox: MailboxRecord): string[] {
  const own = new Set(mailbox.addresses.map((a) => a.toLowerCase()));
  const candidates = parent.direction === 'inbound' ? (parent.replyTo.length ? parent.replyTo : [parent.from]) : parent.to;
  return [...new Set(candidates.map((a) => a.address.toLowerCase()))].filter((a) => !own.has(a)).slice(0, REPLY_LIMITS.recipients);
}

function checkAttachments(attachments: readonly ReplyAttachment[]): void {
  const total = attachments.reduce((sum, a) => sum + a.content.length, 0);
  if (attachments.length > REPLY_LIMITS.attachments) {
    throw new ValidationError([{ pointer: '#/attachments', detail: `at most ${REPLY_LIMITS.attachments} attachments` }]);
  }
  if (total > REPLY_LIMITS.attachmentBytes) {
    throw new ValidationError([{ pointer: '#/attachments', detail: `attachments may total at most ${REPLY_LIMITS.attachmentBytes} bytes` }]);
  }
}
