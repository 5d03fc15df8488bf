import { ulid } from 'ulid';
import { KMSClient } from '@aws-sdk/client-kms';
import { sesClient } from '../adapters/mailer/ses-mailer.js';
import { createKmsSecretBox } from '../adapters/secrets/kms-secret-box.js';
import { createSesRawMailer } from '../adapters/mailer/ses-raw-mailer.js';
import { flagEnv, once, requireEnv } from '../config/config.js';
import type { ComplaintLookup } from '../domain/threads/complaint-warnings.js';
import type { EmailContactDeps } from '../domain/threads/email-contact.js';
import type { ReplyDeps } from '../domain/threads/reply-to-thread.js';
import { createSendRecordStore } from '../store/send-record-store.js';
import { createThreadMembers } from '../store/thread-members.js';
import { mailRuntime } from './mail-runtime.js';
import { mailboxCredentials } from './mailbox-oauth.js';
import { createSmtpMailers } from './smtp-mailers.js';

/** MAIL_FROM as `Name <address>` or a bare address. */
export function senderOf(mailFrom: string): ReplyDeps['sender'] {
  const bracketed = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(mailFrom);
  if (!bracketed) return { address: mailFrom.trim() };
  const name = bracketed[1]!.replace(/^"|"$/g, '');
  return name ? { address: bracketed[2]!.trim(), name } : { address: bracketed[2]!.trim() };
}

/**
 * What a reply or a new email from the record needs: the mail runtime's stores and queues, SES and the sender identity,
 * and for mailboxes with SMTP settings their own server (the KMS secret box opens the login; OAuth2 tokens are refreshed
 * here as in the sync function, a rotated refresh token sealed again).
 */
export const replyDeps = once(async (): Promise<ReplyDeps & EmailContactDeps & { readonly complaints: ComplaintLookup }> => {
  // The KMS box alone, not mailbox-access.ts: that one brings the IMAP client, which this function never needs.
  const [rt, secrets] = await Promise.all([mailRuntime(), createKmsSecretBox(new KMSClient({}), requireEnv('mailboxKeyId'))]);
  const smtp = createSmtpMailers({ secrets, credentials: mailboxCredentials({ secrets, mailboxes: rt.mailboxes, now: rt.now }) }, { allowPrivateHosts: flagEnv('allowPrivateHosts') });
  return {
    members: createThreadMembers(rt.table), messages: rt.messages, mailboxes: rt.mailboxes, blobs: rt.blobs,
    contacts: rt.capture.contacts, captures: rt.capture.captures, complaints: rt.capture.contacts,
    mailer: createSesRawMailer(sesClient(), requireEnv('sesConfigurationSet')), smtp, mailboxActions: rt.syncQueue, sends: createSendRecordStore(rt.table), signatures: rt.rules, sender: senderOf(requireEnv('mailFrom')), now: rt.now, newId: ulid,
  };
});
