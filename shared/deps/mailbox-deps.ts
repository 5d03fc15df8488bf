import { systemRuntime } from '../domain/audit/system-runtime.js';
import type { AuthorizeMailboxDeps } from '../domain/mailbox/authorize-mailbox.js';
import type { ConnectMailboxDeps } from '../domain/mailbox/connect-mailbox.js';
import { createOAuthPendingStore } from '../store/oauth-pending-store.js';
import { createPreviewStore } from '../store/preview-store.js';
import { mailboxOAuth } from './mailbox-oauth.js';
import { mailboxAccess } from './mailbox-access.js';
import { mailRuntime } from './mail-runtime.js';
import type { SetMailboxSmtpDeps } from '../domain/mailbox/set-mailbox-smtp.js';
import { resolveAllowedHost } from '../adapters/net/ssrf-guard.js';
import { flagEnv } from '../config/config.js';

/** Connect, test, change and sync mailboxes: the mail runtime plus IMAP and the secret box. */
export const connectDeps = async (): Promise<ConnectMailboxDeps> => {
  const [rt, { imap, secrets }] = await Promise.all([mailRuntime(), mailboxAccess()]);
  return { mailboxes: rt.mailboxes, imap, secrets, syncQueue: rt.syncQueue, newId: systemRuntime.newId, now: rt.now, maxMailboxesPerSpace: rt.maxMailboxesPerSpace };
};

/** Start and complete OAuth2 authorizations: connectDeps plus the providers, their token endpoint and pending states. */
export const authorizeDeps = async (): Promise<AuthorizeMailboxDeps> => {
  const [base, rt] = await Promise.all([connectDeps(), mailRuntime()]);
  const oauth = mailboxOAuth();
  return { ...base, providers: oauth.providers, tokens: oauth.tokens, redirectUri: oauth.redirectUri(), pending: createOAuthPendingStore(rt.table) };
};

/** Ask for and read first-import previews: the mailboxes, the preview answers and the sync queue (the API never logs in). */
export const previewDeps = async () => {
  const rt = await mailRuntime();
  return { mailboxes: rt.mailboxes, previews: createPreviewStore(rt.table), syncQueue: rt.syncQueue, newId: systemRuntime.newId, now: rt.now, defaultDays: rt.windowDays };
};

/** Set or remove a mailbox's SMTP server: connectDeps' stores, IMAP (to test a mailbox password) and sealing, and the SSRF guard. */
export const smtpSettingsDeps = async (): Promise<SetMailboxSmtpDeps> => {
  const base = await connectDeps();
  const allowPrivate = flagEnv('allowPrivateHosts');
  return {
    mailboxes: (await mailRuntime()).mailboxes, imap: base.imap, secrets: base.secrets, runtime: systemRuntime,
    hosts: { check: async (host) => { await resolveAllowedHost(host, { allowPrivate }); } },
  };
};
