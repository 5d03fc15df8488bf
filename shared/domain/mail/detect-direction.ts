import { isOwnAddress } from './match-addresses.js';
import type { MailAddress } from './parsed-mail.js';

export type MailDirection = 'inbound' | 'outbound';
export type FolderRole = 'inbox' | 'sent' | 'other';

/**
 * Outbound when the mail sits in the Sent folder or its From is one of the mailbox's own
 * addresses (a +tag on an own address counts); inbound otherwise.
 */
export function detectDirection(input: {
  from: readonly MailAddress[] | readonly string[];
  mailboxAddresses: readonly string[];
  folderRole: FolderRole;
}): MailDirection {
  if (input.folderRole === 'sent') return 'outbound';
  const senders = input.from.map((f) => (typeof f === 'string' ? f : f.address));
  return senders.some((address) => isOwnAddress(address, input.mailboxAddresses)) ? 'outbound' : 'inbound';
}
