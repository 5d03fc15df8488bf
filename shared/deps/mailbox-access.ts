import { KMSClient } from '@aws-sdk/client-kms';
import { createImapflowMailbox } from '../adapters/imap/imapflow-mailbox.js';
import { createKmsSecretBox } from '../adapters/secrets/kms-secret-box.js';
import { flagEnv, once, requireEnv } from '../config/config.js';
import type { MailboxClient, SecretBox } from '../domain/mailbox/ports.js';

/** KMS and the key MAILBOX_KEY_ID names; locally the KMS emulator (AWS_ENDPOINT_URL_KMS). */
export const createSecretBoxFromEnv = async (): Promise<SecretBox> =>
  createKmsSecretBox(new KMSClient({}), requireEnv('mailboxKeyId'));

export interface MailboxAccess {
  readonly secrets: SecretBox;
  readonly imap: MailboxClient;
}

/** The IMAP client and the mailbox secret box, for the functions that log in to mailboxes (a failed build is retried). */
export const mailboxAccess = once(async (): Promise<MailboxAccess> =>
  ({ secrets: await createSecretBoxFromEnv(), imap: createImapflowMailbox({ allowPrivateHosts: flagEnv('allowPrivateHosts') }) }));
