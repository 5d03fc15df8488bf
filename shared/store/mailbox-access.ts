import { KMSClient } from '@aws-sdk/client-kms';
import { createImapflowMailbox } from '../adapters/imap/imapflow-mailbox.js';
import { createKmsSecretBox } from '../adapters/secrets/kms-secret-box.js';
import { createLocalSecretBox, loadLocalMasterKey } from '../adapters/secrets/local-secret-box.js';
import { flagEnv, optionalEnv, requireEnv } from '../config/config.js';
import type { MailboxClient, SecretBox } from '../domain/mailbox/ports.js';

/** KMS in AWS (MAILBOX_KEY_ID), a local master key file in local mode (LOCAL_MASTER_KEY_FILE). */
export const createSecretBoxFromEnv = async (): Promise<SecretBox> => {
  const keyId = optionalEnv('mailboxKeyId');
  if (keyId) return createKmsSecretBox(new KMSClient({}), keyId);
  return createLocalSecretBox(await loadLocalMasterKey(requireEnv('localMasterKeyFile')));
};

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
