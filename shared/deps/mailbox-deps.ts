import { systemRuntime } from '../domain/audit/system-runtime.js';
import type { ConnectMailboxDeps } from '../domain/mailbox/connect-mailbox.js';
import { mailboxAccess } from './mailbox-access.js';
import { mailRuntime } from './mail-runtime.js';

/** Connect, test, change and sync mailboxes: the mail runtime plus IMAP and the secret box. */
export const connectDeps = async (): Promise<ConnectMailboxDeps> => {
  const [rt, { imap, secrets }] = await Promise.all([mailRuntime(), mailboxAccess()]);
  return { mailboxes: rt.mailboxes, imap, secrets, syncQueue: rt.syncQueue, newId: systemRuntime.newId, now: rt.now, maxMailboxesPerSpace: rt.maxMailboxesPerSpace };
};
