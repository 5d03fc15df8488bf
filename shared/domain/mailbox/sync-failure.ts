import type { MailboxFailureKind } from './mailbox-errors.js';

/**
 * What went wrong in a sync run, in terms of what the user (or an operator) can do about it. Each
 * kind has exactly one sentence of advice (SYNC_ADVICE). Snake case, as every API enum.
 */
export type SyncFailureKind =
  | 'wrong_password'
  | 'imap_disabled'
  | 'folder_missing'
  | 'throttled'
  | 'certificate'
  | 'unreachable'
  | 'timeout'
  | 'connection_lost'
  | 'secret_rejected'
  /** The OAuth2 provider refused the refresh token, or the server refused a fresh access token. */
  | 'needs_reauthorization'
  | 'mailbox_reset'
  | 'budget'
  | 'protocol'
  | 'unknown';

/** Advice that is not about one failed run: what the mailbox's state or problems show. */
export type SyncNoticeKind = 'too_large_skipped' | 'stalled' | 'rules_skip_all';

export const SYNC_ADVICE: Readonly<Record<SyncFailureKind | SyncNoticeKind, string>> = {
  'wrong_password': 'The server refused the password: create a new app password with your mail provider and enter it in the mailbox settings.',
  'imap_disabled': 'The server accepted the login but IMAP is turned off for this account: enable IMAP access in the mail account settings (Gmail: Settings → Forwarding and POP/IMAP; Microsoft 365: the admin center, Mail apps → IMAP).',
  folder_missing: 'A synced folder no longer exists on the server (renamed or deleted): pick the folder under its new name in the mailbox settings.',
  'throttled': 'The mail provider is limiting how fast this account may be read: sync slows down and catches up on its own; stop other apps that download this mailbox in bulk if it persists.',
  'certificate': "The server's TLS certificate is not trusted for this host name: check the host name, or ask your mail provider to renew or fix the certificate.",
  'unreachable': 'No IMAP server answered: check the host name, the port and the security setting, and that the server is up.',
  'timeout': 'The server answered too slowly and the run was cut off: sync retries on its own; if it keeps happening, check the server or its network.',
  connection_lost: 'The server closed the connection during the run: sync retries on its own and resumes where it stopped.',
  secret_rejected: 'The stored password can no longer be decrypted: enter the app password again in the mailbox settings.',
  needs_reauthorization: 'The mail provider no longer accepts this mailbox\'s sign-in (access revoked or expired, consent withdrawn, or IMAP not allowed for the account): re-authorize the mailbox, and sync resumes where it stopped.',
  'mailbox_reset': 'The server renumbered the folder several times in a row, so sync paused to avoid importing everything again: check the server, then resume the mailbox.',
  'budget': 'The run reached its time or size limit before it was done: the next run continues where it stopped, no action needed.',
  'protocol': 'The server answered in a way IMAP clients do not expect: check that the host and port belong to an IMAP server.',
  'unknown': 'The run failed for a reason we did not recognise: it is retried on its own; contact support if it keeps failing.',
  'too_large_skipped': 'Some mail was larger than the size limit and was imported as headers only: see the mailbox problems to retry it or open it in your mail client.',
  'rules_skip_all': 'Sync works, but your mail rules skipped every new message of the last 7 days: check the blocklist, the exclusions and "only linkable" in the mail rules settings (a rule on your own domain or a too wide pattern skips everything).',
  'stalled': 'No sync run has finished in three schedule intervals: the sync service is behind or down, operators are alerted, and mail will catch up once it runs again.',
};

// Gmail and Microsoft 365 answer limits with these words (Gmail: [THROTTLED], "bandwidth limits",
// "Too many simultaneous connections"; Microsoft: "Request is throttled", "Server Unavailable. 15").
const THROTTLED = /\bTHROTTLED\b|throttl|bandwidth limits|too many (simultaneous )?connections|rate limit|Server Unavailable\. *1[5-9]/i;
// Gmail: "Your account is not enabled for IMAP use"; Microsoft: "User is authenticated but not connected".
const IMAP_DISABLED = /not enabled for IMAP|IMAP (access )?is disabled|IMAP.{0,20}(turned off|not allowed)|authenticated but not connected/i;

/** The server's own words (response code and text) when a command was refused; never a secret of ours. */
export interface ServerWords {
  readonly code?: string;
  readonly text?: string;
}

/** Maps an adapter failure kind and the server's words to the kind the user gets advice for. */
export function classifySyncFailure(kind: MailboxFailureKind, server: ServerWords = {}): SyncFailureKind {
  const words = `${server.code ?? ''} ${server.text ?? ''}`;
  if (kind === 'throttled' || THROTTLED.test(words)) return 'throttled';
  if (IMAP_DISABLED.test(words)) return 'imap_disabled';
  switch (kind) {
    case 'auth': return 'wrong_password';
    case 'tls': return 'certificate';
    case 'dns': case 'refused': case 'unreachable': case 'blocked-host': return 'unreachable';
    case 'folder-missing': return 'folder_missing';
    case 'connection-lost': return 'connection_lost';
    case 'timeout': case 'protocol': return kind;
  }
}

/** The server's words made safe to store and show: one line, printable, at most 200 characters. */
export function cleanServerText(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const line = text.replace(/[^\x20-\x7e\u00a0-\uffff]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line ? line.slice(0, 200) : undefined;
}
