import { captureIdOf, ContactPendingReviewError, type CaptureStore } from '../contacts/capture.js';
import type { Contact } from '../contacts/contact.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { MailboxRecord } from '../mailbox/mailbox-record.js';
import { threadIdFor } from '../mail/resolve-thread.js';
import { isPlainAddress, type ReplyAttachment } from './compose-reply.js';
import { sendFromRecord, type SendFromRecordDeps, type SentMail } from './send-from-record.js';

/** The contact's address bounced permanently: mail to it would bounce again. */
export class AddressBouncedError extends ConflictError {
  override readonly code = 'address-bounced';
  constructor(address: string) {
    super(`${address} bounced permanently; fix the contact's address first`, { address });
  }
}

export interface EmailContactDeps extends SendFromRecordDeps {
  readonly contacts: { getContact(spaceId: string, id: string): Promise<Contact | undefined> };
  /** Captured contacts: an address waiting for review gets no mail. */
  readonly captures: Pick<CaptureStore, 'getCapture'>;
  readonly mailboxes: {
    getMailbox(spaceId: string, id: string): Promise<MailboxRecord>;
    listMailboxes(spaceId: string): Promise<readonly MailboxRecord[]>;
  };
}

export interface EmailContactInput {
  readonly spaceId: string;
  readonly userId: string;
  readonly contactId: string;
  readonly correlationId: string;
  readonly idempotencyKey?: string;
  /** The mailbox whose address goes into Reply-To and whose Sent folder keeps the mail; default: the Space's first with an address. */
  readonly mailboxId?: string;
  readonly subject: string;
  readonly text: string;
  readonly cc?: readonly string[];
  readonly attachments?: readonly ReplyAttachment[];
}

/**
 * Starts a conversation with a contact from the record: to the contact's primary address, on a new
 * thread (its id derives from the Message-ID, as the linker derives it), with the same headers,
 * signature, once-per-key sending and Sent-folder copy as a reply.
 * @throws NotFoundError (contact or mailbox), ValidationError (no address, no mailbox),
 *   AddressBouncedError, ContactPendingReviewError, and what sendFromRecord throws
 */
export async function emailContact(deps: EmailContactDeps, input: EmailContactInput): Promise<SentMail> {
  const contact = await deps.contacts.getContact(input.spaceId, input.contactId);
  if (!contact || contact.mergedInto) throw new NotFoundError('contact', input.contactId);
  const to = contact.emails[0];
  if (!to || !isPlainAddress(to)) throw new ValidationError([{ pointer: '#/id', detail: 'the contact has no email address to write to' }]);
  if ((contact.bouncedEmails ?? []).some((b) => b.email === to)) throw new AddressBouncedError(to);
  const capture = await deps.captures.getCapture(input.spaceId, captureIdOf(input.spaceId, to));
  if (capture?.state === 'pending') throw new ContactPendingReviewError(to, capture.id);
  const mailbox = await mailboxFor(deps, input);
  const attachments = input.attachments ?? [];
  return sendFromRecord(deps, {
    spaceId: input.spaceId, userId: input.userId, correlationId: input.correlationId, mailbox,
    threadId: (messageId) => threadIdFor(input.spaceId, messageId),
    to: [to], cc: input.cc ?? [], subject: input.subject, text: input.text, attachments, references: [],
    ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
    request: {
      contact: input.contactId, mailbox: input.mailboxId ?? null, subject: input.subject, text: input.text, cc: input.cc ?? null,
      attachments: attachments.map((a) => [a.filename, a.contentType, a.content.toString('base64')]),
    },
  });
}

async function mailboxFor(deps: EmailContactDeps, input: EmailContactInput): Promise<MailboxRecord> {
  if (input.mailboxId) return deps.mailboxes.getMailbox(input.spaceId, input.mailboxId);
  const all = await deps.mailboxes.listMailboxes(input.spaceId);
  const usable = all.find((m) => m.addresses.some(isPlainAddress) || isPlainAddress(m.username));
  if (!usable) throw new ValidationError([{ pointer: '#/mailboxId', detail: 'the Space has no mailbox to send from' }]);
  return usable;
}
