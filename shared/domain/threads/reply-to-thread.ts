import { NotFoundError, ValidationError } from '../errors.js';
import type { MailboxRecord } from '../mailbox/mailbox-record.js';
import type { ReplyAttachment } from './compose-reply.js';
import type { MessageRecord, Page, ThreadMessage } from './ports.js';
import { REPLY_LIMITS, sendFromRecord, type SendFromRecordDeps, type SentMail } from './send-from-record.js';

export { REPLY_LIMITS, type RawMailer } from './send-from-record.js';

export interface ReplyDeps extends SendFromRecordDeps {
  readonly members: { pageMembers(spaceId: string, threadId: string, limit: number, newestFirst: boolean): Promise<Page<ThreadMessage>> };
  readonly messages: { findMessage(spaceId: string, id: string): Promise<MessageRecord | undefined> };
  readonly mailboxes: { getMailbox(spaceId: string, id: string): Promise<MailboxRecord> };
}

export interface ReplyInput {
  readonly spaceId: string;
  readonly userId: string;
  readonly threadId: string;
  readonly correlationId: string;
  /** The caller's Idempotency-Key: a retry gets the first answer and sends nothing. */
  readonly idempotencyKey?: string;
  readonly text: string;
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
  readonly subject?: string;
  readonly attachments?: readonly ReplyAttachment[];
}

export type SentReply = SentMail;

/**
 * Replies to a thread's newest customer message: threaded on it, Reply-To the mailbox it came to,
 * sent through the mailer, kept in the bucket and handed to the sync function for the Sent folder.
 * @throws NotFoundError for a thread without messages, ValidationError for attachments over the
 * limits or a mailbox without an address, UnsafeHeaderError, MailerError, SendKeyReusedError, SendInProgressError
 */
export async function replyToThread(deps: ReplyDeps, input: ReplyInput): Promise<SentReply> {
  const parent = await parentOf(deps, input);
  const mailbox = await deps.mailboxes.getMailbox(input.spaceId, parent.mailboxId);
  const to = input.to ?? defaultRecipients(parent, mailbox);
  if (to.length === 0) throw new ValidationError([{ pointer: '#/to', detail: 'the thread has no customer address to reply to' }]);
  // A mail without a Message-ID has a synthetic one that no mail client knows.
  const parentId = parent.messageId.startsWith('sha256:') ? undefined : parent.messageId;
  const references = [...(parent.inReplyTo ? [parent.inReplyTo] : []), ...(parentId ? [parentId] : [])];
  const subject = input.subject ?? (/^re:/i.test(parent.subject.trim()) ? parent.subject : `Re: ${parent.subject}`);
  const attachments = input.attachments ?? [];
  return sendFromRecord(deps, {
    spaceId: input.spaceId, userId: input.userId, correlationId: input.correlationId, mailbox, threadId: () => input.threadId,
    to, cc: input.cc ?? [], subject, text: input.text, attachments, references, ...(parentId ? { inReplyTo: parentId } : {}),
    ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
    request: {
      thread: input.threadId, text: input.text, to: input.to ?? null, cc: input.cc ?? null, subject: input.subject ?? null,
      attachments: attachments.map((a) => [a.filename, a.contentType, a.content.toString('base64')]),
    },
  });
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
