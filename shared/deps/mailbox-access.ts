import { KMSClient } from '@aws-sdk/client-kms';
import { createImapflowMailbox } from '../adapters/imap/imapflow-mailbox.js';
import { createKmsSecretBox } from '../adapters/secrets/kms-secret-box.js';
import { flagEnv, requireEnv } from '../config/config.js';
import type { MailboxClient, SecretBox } from '../domain/mailbox/ports.js';

/** KMS and the key MAILBOX_KEY_ID names; locally the KMS emulator (AWS_ENDPOINT_URL_KMS). */
export const createSecretBoxFromEnv = async (): Promise<SecretBox> =>
  createKmsSecretBox(new KMSClient({}), requireEnv('mailboxKeyId'));

export interface MailboxAccess {
  readonly secrets: SecretBox;
  readonly imap: MailboxClient;
}

let access: Promise<MailboxAccess> | undefined;

/** The IMAP client and the mailbox secret box, for the functions that log in to mailboxes. */
export const mailboxAccess = (): Promise<MailboxAccess> => {
  access ??= createSecretBoxFromEnv().then(
    (secrets) => ({ secrets, imap: createImapflowMailbox({ allowPrivateHosts: flagEnv('allowPrivateHosts') }) }),
    (error: unknown) => { access = undefined; throw error; },
  );
  return access;
};
