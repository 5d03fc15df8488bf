import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';
import type { MailboxRecord } from '../mailbox/mailbox-record.js';
import { messageIdentity } from '../mail/message-identity.js';
import { composeReply, isPlainAddress, type ReplyAttachment } from './compose-reply.js';
import { withSignature } from './mail-signature.js';
import { mailKeys, type AppendSentJob } from './pipeline-jobs.js';
import type { Blobs } from './ports.js';
import { sendOnce, type SendRecordStore } from './send-once.js';

/** Attachments of one mail from the record: few, and small enough for SES, the Lambda payload and the API body limit. */
export const REPLY_LIMITS = { attachments: 5, attachmentBytes: 700 * 1024, recipients: 20, textChars: 100_000 } as const;

/** Sends one raw MIME mail; `recipients` is the SMTP envelope (To and Cc). */
export interface RawMailer {
  /** @throws MailerError when the provider refuses the mail. */
  sendRaw(raw: Buffer, envelope: RawEnvelope): Promise<{ providerId: string }>;
}

/** Who sends, to whom (To and Cc), and for which Space. */
export interface RawEnvelope {
  readonly from: string;
  readonly recipients: readonly string[];
  readonly spaceId: string;
}

/** What a mail sent from the record answers; replays of its Idempotency-Key get the same. */
export interface SentMail {
  /** The stored message id the mail will have once synced (Space + Message-ID). */
  readonly id: string;
  readonly messageId: string;
  readonly threadId: string;
  readonly mailboxId: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
}

/** The answer and the Sent-folder job, kept together so a retry can queue the job again without sending. */
export interface SendOutcome {
  readonly sent: SentMail;
  /** Absent when the mailbox's SMTP server files its own copy in Sent (`appendToSent: false`). */
  readonly append?: AppendSentJob;
}

export interface SendFromRecordDeps {
  readonly blobs: Pick<Blobs, 'put'>;
  /** The deployment's provider (SES), sending as `sender`. */
  readonly mailer: RawMailer;
  /** The mailbox's own SMTP server, for a mailbox with SMTP settings; it sends as the mailbox's address. */
  readonly smtp: { mailerFor(mailbox: MailboxRecord): Promise<RawMailer> };
  /** The sync queue: the sync function stores the sent mail in the mailbox's Sent folder. */
  readonly mailboxActions: { send(job: AppendSentJob): Promise<void> };
  /** The Space's signature, appended to every mail from the record. */
  readonly signatures: { getMailSignature(spaceId: string): Promise<{ readonly text: string }> };
  /** Keyed sends (Idempotency-Key). */
  readonly sends: SendRecordStore<SendOutcome>;
  /** The verified sender identity (MAIL_FROM) of SES mail; the Space's mailbox goes into Reply-To. */
  readonly sender: { readonly address: string; readonly name?: string };
  readonly now: () => Date;
  readonly newId: () => string;
  readonly wait?: (ms: number) => Promise<void>;
}

/** One mail from the record, after its target decided recipients, subject and threading. */
export interface RecordMail {
  readonly spaceId: string;
  readonly userId: string;
  readonly correlationId: string;
  readonly idempotencyKey?: string;
  /** What the caller asked (target and body), to tell a replay from a reused key. */
  readonly request: unknown;
  readonly mailbox: MailboxRecord;
  /** The thread the mail joins; for a new conversation, derived from the Message-ID by the caller. */
  readonly threadId: (messageId: string) => string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly attachments: readonly ReplyAttachment[];
  readonly inReplyTo?: string;
  readonly references: readonly string[];
}

/** The address replies should reach: the mailbox's first plain address, else its username. */
export function replyAddressOf(mailbox: MailboxRecord): string {
  const replyTo = mailbox.addresses.find(isPlainAddress) ?? (isPlainAddress(mailbox.username) ? mailbox.username : undefined);
  if (!replyTo) throw new ValidationError([{ pointer: '#/mailboxId', detail: 'the mailbox has no address to reply from' }]);
  return replyTo;
}

/** @throws ValidationError for attachments over the limits */
export function checkAttachments(attachments: readonly ReplyAttachment[]): void {
  const total = attachments.reduce((sum, a) => sum + a.content.length, 0);
  if (attachments.length > REPLY_LIMITS.attachments) {
    throw new ValidationError([{ pointer: '#/attachments', detail: `at most ${REPLY_LIMITS.attachments} attachments` }]);
  }
  if (total > REPLY_LIMITS.attachmentBytes) {
    throw new ValidationError([{ pointer: '#/attachments', detail: `attachments may total at most ${REPLY_LIMITS.attachmentBytes} bytes` }]);
  }
}

/**
 * Composes (with the Space's signature), keeps (mail bucket), sends (the mailbox's own SMTP server
 * when it has one, else SES) and files (Sent folder, through the sync queue) one mail from
 * the record, once per Idempotency-Key: a keyed mail's Message-ID derives from the key, so even a
 * send repeated after a crash carries one identity and the thread shows it once.
 * @throws ValidationError, UnsafeHeaderError, MailerError, SendKeyReusedError, SendInProgressError
 */
export async function sendFromRecord(deps: SendFromRecordDeps, mail: RecordMail): Promise<SentMail> {
  const replyTo = replyAddressOf(mail.mailbox);
  checkAttachments(mail.attachments);
  const domain = replyTo.slice(replyTo.lastIndexOf('@') + 1).toLowerCase();
  const outcome = await sendOnce({ sends: deps.sends, now: deps.now, newId: deps.newId, ...(deps.wait ? { wait: deps.wait } : {}) }, {
    spaceId: mail.spaceId, owner: `user:${mail.userId}`, request: mail.request, ...(mail.idempotencyKey ? { key: mail.idempotencyKey } : {}),
  }, {
    send: async (sendId): Promise<SendOutcome> => {
      const messageId = `${sendId ?? deps.newId()}@${domain}`;
      const own = mail.mailbox.smtp;
      const mailer = own ? await deps.smtp.mailerFor(mail.mailbox) : deps.mailer;
      // Through its own server the mail is the mailbox's: any other From would fail the domain's SPF and DMARC.
      const from = own ? { address: replyTo } : deps.sender;
      const signature = (await deps.signatures.getMailSignature(mail.spaceId)).text;
      const raw = composeReply({
        from, replyTo, to: mail.to, cc: mail.cc, subject: mail.subject, messageId, references: mail.references, date: deps.now(),
        text: withSignature(mail.text, signature), attachments: mail.attachments, boundary: deps.newId().replace(/[^A-Za-z0-9]/g, '').slice(0, 40).padEnd(8, '0'),
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      });
      const sha256 = createHash('sha256').update(raw).digest('hex');
      const rawKey = mailKeys.raw(mail.spaceId, mail.mailbox.id, sha256);
      await deps.blobs.put(rawKey, raw, 'message/rfc822');
      await mailer.sendRaw(raw, { from: from.address, recipients: [...mail.to, ...mail.cc], spaceId: mail.spaceId });
      return {
        sent: {
          id: messageIdentity(mail.spaceId, { messageId }), messageId, threadId: mail.threadId(messageId), mailboxId: mail.mailbox.id,
          to: [...mail.to], cc: [...mail.cc], subject: mail.subject,
        },
        ...(own?.appendToSent === false ? {} : { append: {
          v: 1 as const, correlationId: mail.correlationId, spaceId: mail.spaceId, action: 'append-sent' as const, mailboxId: mail.mailbox.id, rawKey, sha256, size: raw.length,
        } }),
      };
    },
    afterSent: async (done) => { if (done.append) await deps.mailboxActions.send(done.append); },
  });
  return outcome.sent;
}
