import { ulid } from 'ulid';
import { sesClient } from '../adapters/mailer/ses-mailer.js';
import { createSesRawMailer } from '../adapters/mailer/ses-raw-mailer.js';
import { once, requireEnv } from '../config/config.js';
import type { ComplaintLookup } from '../domain/threads/complaint-warnings.js';
import type { EmailContactDeps } from '../domain/threads/email-contact.js';
import type { ReplyDeps } from '../domain/threads/reply-to-thread.js';
import { createSendRecordStore } from '../store/send-record-store.js';
import { createThreadMembers } from '../store/thread-members.js';
import { mailRuntime } from './mail-runtime.js';

/** MAIL_FROM as `Name <address>` or a bare address. */
export function senderOf(mailFrom: string): ReplyDeps['sender'] {
  const bracketed = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(mailFrom);
  if (!bracketed) return { address: mailFrom.trim() };
  const name = bracketed[1]!.replace(/^"|"$/g, '');
  return name ? { address: bracketed[2]!.trim(), name } : { address: bracketed[2]!.trim() };
}

/** What a reply or a new email from the record needs: the mail runtime's stores and queues, SES and the sender identity. */
export const replyDeps = once(async (): Promise<ReplyDeps & EmailContactDeps & { readonly complaints: ComplaintLookup }> => {
  const rt = await mailRuntime();
  return {
    members: createThreadMembers(rt.table), messages: rt.messages, mailboxes: rt.mailboxes, blobs: rt.blobs,
    contacts: rt.capture.contacts, captures: rt.capture.captures, complaints: rt.capture.contacts,
    mailer: createSesRawMailer(sesClient(), requireEnv('sesConfigurationSet')), mailboxActions: rt.syncQueue, sends: createSendRecordStore(rt.table), signatures: rt.rules, sender: senderOf(requireEnv('mailFrom')), now: rt.now, newId: ulid,
  };
});
