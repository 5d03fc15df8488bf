import { ValidationError, VersionMismatchError } from '../errors.js';
import { MailboxLimitError } from './mailbox-errors.js';
import type { SyncJob } from '../threads/pipeline-jobs.js';
import type { FolderRole, MailboxConfig, MailboxFolder, MailboxSecurity } from './mailbox-config.js';
import type { MailboxPatch, MailboxRecord, MailboxRepo } from './mailbox-record.js';
import type { OAuthProviderId } from './oauth.js';
import type { ConnectionReport, MailboxClient, SecretBox } from './ports.js';
import { toSmtpView, type SmtpView } from './smtp-settings.js';

export interface ConnectMailboxDeps {
  readonly mailboxes: MailboxRepo;
  readonly imap: MailboxClient;
  /** Seal only: no API path opens a sealed password (on AWS only the sync worker may decrypt). */
  readonly secrets: Pick<SecretBox, 'seal'>;
  readonly syncQueue: { send(job: SyncJob): Promise<void> };
  readonly newId: () => string;
  readonly now: () => Date;
  /** Mailboxes one Space may connect (MAX_MAILBOXES_PER_SPACE). @default no limit */
  readonly maxMailboxesPerSpace?: number;
}

/** Connection settings as the API takes them; the password is only ever held in memory. */
export interface MailboxSettings {
  readonly host: string;
  readonly port?: number;
  readonly security?: MailboxSecurity;
  readonly allowInsecure?: boolean;
  readonly username: string;
  readonly folders?: readonly MailboxFolder[];
  readonly addresses?: readonly string[];
  /** Days of past mail the first sync imports (see MailboxRecord.historyDays). */
  readonly historyDays?: number;
}

/** How an OAuth2 mailbox signs in, and the call that re-authorizes it. */
export interface MailboxOAuthView {
  readonly provider: OAuthProviderId;
  readonly status: 'authorized' | 'needs_reauthorization';
  readonly reauthorize: { readonly method: 'POST'; readonly href: '/mailboxes/oauth/start'; readonly body: { readonly provider: OAuthProviderId; readonly mailboxId: string } };
}

/** What the API returns: never the password or refresh token, sealed or not. */
export type MailboxView = Omit<MailboxRecord, 'password' | 'spaceId' | 'oauth' | 'needsReauthorization' | 'smtp'>
  & { readonly hasPassword: true; readonly oauth?: MailboxOAuthView; readonly smtp?: SmtpView };

export const toMailboxView = ({ password: _p, spaceId: _s, oauth, needsReauthorization, smtp, ...rest }: MailboxRecord): MailboxView => ({
  ...rest, hasPassword: true,
  ...(smtp ? { smtp: toSmtpView(smtp, rest.username) } : {}),
  ...(oauth ? { oauth: {
    provider: oauth.provider, status: needsReauthorization ? 'needs_reauthorization' : 'authorized',
    reauthorize: { method: 'POST', href: '/mailboxes/oauth/start', body: { provider: oauth.provider, mailboxId: rest.id } },
  } } : {}),
});

/** Checks the security rules and fills defaults: TLS on 993; STARTTLS/plain only with allowInsecure. */
export function mailboxConfigOf(settings: MailboxSettings, fallbackFolders: readonly MailboxFolder[] = [{ path: 'INBOX', role: 'inbox' }]): MailboxConfig {
  const security = settings.security ?? 'tls';
  if (security !== 'tls' && !settings.allowInsecure) {
    throw new ValidationError([{ pointer: '#/security', detail: `${security} needs allowInsecure: true (the password would not be protected by TLS from the start)` }]);
  }
  return {
    host: settings.host.trim(), port: settings.port ?? (security === 'tls' ? 993 : 143), security,
    username: settings.username, folders: settings.folders?.length ? settings.folders : fallbackFolders,
  };
}

/** INBOX plus the folder the server marks `\Sent` (RFC 6154), as the default folders to sync. */
export function defaultFolders(report: ConnectionReport): MailboxFolder[] {
  const sent = report.folders.find((f) => f.specialUse === '\\Sent');
  return [{ path: 'INBOX', role: 'inbox' as FolderRole }, ...(sent ? [{ path: sent.path, role: 'sent' as FolderRole }] : [])];
}

/** POST /mailboxes/test: connects, logs in and lists folders, storing nothing. @throws MailboxConnectError */
export async function testMailbox(deps: Pick<ConnectMailboxDeps, 'imap'>, settings: MailboxSettings, password: string) {
  const config = mailboxConfigOf(settings);
  const report = await deps.imap.testConnection(config, password);
  return { ok: true as const, folders: report.folders, suggestedFolders: settings.folders?.length ? settings.folders : defaultFolders(report) };
}

/**
 * POST /mailboxes: tests the settings, seals the password for this Space and mailbox, stores, syncs.
 * @throws MailboxLimitError when the Space already has its most mailboxes (checked before any IMAP work)
 */
export async function connectMailbox(deps: ConnectMailboxDeps, input: { spaceId: string; settings: MailboxSettings; password: string; correlationId: string }): Promise<MailboxRecord> {
  const limit = deps.maxMailboxesPerSpace;
  if (limit !== undefined && (await deps.mailboxes.countMailboxes(input.spaceId)) >= limit) throw new MailboxLimitError(limit);
  const probe = mailboxConfigOf(input.settings);
  const report = await deps.imap.testConnection(probe, input.password);
  const config = mailboxConfigOf(input.settings, defaultFolders(report));
  const id = deps.newId();
  const now = deps.now().toISOString();
  const record: MailboxRecord = {
    ...config, spaceId: input.spaceId, id, allowInsecure: input.settings.allowInsecure ?? false,
    addresses: input.settings.addresses ?? [],
    ...(input.settings.historyDays !== undefined ? { historyDays: input.settings.historyDays } : {}),
    password: await deps.secrets.seal(input.password, { space: input.spaceId, mailbox: id }),
    paused: false, messagesSynced: 0, createdAt: now, updatedAt: now, version: 1,
  };
  await deps.mailboxes.createMailbox(record, limit);
  await requestSync(deps, { spaceId: input.spaceId, mailboxId: id, correlationId: input.correlationId, reason: 'manual' });
  return record;
}

/** The settings that say where and as whom the password is sent. */
const CONNECTION_FIELDS = ['host', 'port', 'security', 'username'] as const;

/**
 * PATCH /mailboxes/{id}. The stored password is only ever sent to the server and user it was given
 * for, and only by the sync worker: a change of host, port, security or username needs the password
 * in the same request (tested against the new settings before anything is saved); any other change
 * (folders, addresses, pause) is saved without connecting. The API never opens a sealed password.
 * @throws ValidationError pointing at `#/password` when a connection setting changes without one
 * @throws MailboxConnectError when the new settings fail the connection test
 * `expectedVersion` (If-Match) must be current, checked before anything else and again by the write.
 * @throws VersionMismatchError, NotFoundError
 */
export async function reconnectMailbox(
  deps: ConnectMailboxDeps,
  input: { spaceId: string; id: string; changes: Partial<MailboxSettings> & { paused?: boolean }; password?: string; expectedVersion: number },
): Promise<MailboxRecord> {
  const current = await deps.mailboxes.getMailbox(input.spaceId, input.id);
  if (current.version !== input.expectedVersion) throw new VersionMismatchError(current.version);
  const { paused, ...changes } = input.changes;
  const settings: MailboxSettings = { ...current, ...changes };
  const config = mailboxConfigOf(settings, current.folders);
  const newPassword = input.password !== undefined && input.password !== '' ? input.password : undefined;
  const moved = CONNECTION_FIELDS.filter((k) => config[k] !== current[k]);
  if (moved.length > 0 && newPassword === undefined) {
    throw new ValidationError([{ pointer: '#/password', detail: `the password is required again when ${moved.join(', ')} change${moved.length === 1 ? 's' : ''}` }]);
  }
  if (newPassword !== undefined) await deps.imap.testConnection(config, newPassword);
  const patch: MailboxPatch = {
    ...config, allowInsecure: settings.allowInsecure ?? false, addresses: settings.addresses ?? current.addresses,
    ...(changes.historyDays !== undefined ? { historyDays: changes.historyDays } : {}),
    ...(newPassword !== undefined ? { password: await deps.secrets.seal(newPassword, { space: input.spaceId, mailbox: input.id }) } : {}),
    // A successful re-connect resumes a paused mailbox unless the caller says otherwise.
    ...(paused !== undefined ? { paused } : newPassword !== undefined ? { paused: false } : {}),
  };
  return deps.mailboxes.patchMailbox(input.spaceId, input.id, patch, deps.now().toISOString(), input.expectedVersion);
}

/** POST /mailboxes/{id}/sync: enqueues one poll; the worker's lease makes a concurrent one a no-op. @throws NotFoundError */
export async function requestSync(
  deps: Pick<ConnectMailboxDeps, 'mailboxes' | 'syncQueue'>,
  input: { spaceId: string; mailboxId: string; correlationId: string; reason?: SyncJob['reason'] },
): Promise<void> {
  await deps.mailboxes.getMailbox(input.spaceId, input.mailboxId);
  await deps.syncQueue.send({
    v: 1, correlationId: input.correlationId.slice(0, 128), spaceId: input.spaceId, mailboxId: input.mailboxId, reason: input.reason ?? 'manual',
  });
}
