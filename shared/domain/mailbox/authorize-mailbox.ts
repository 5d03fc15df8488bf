import { createHash, randomBytes } from 'node:crypto';
import { ValidationError } from '../errors.js';
import { defaultFolders, mailboxConfigOf, requestSync, type ConnectMailboxDeps } from './connect-mailbox.js';
import type { MailboxFolder } from './mailbox-config.js';
import { MailboxLimitError } from './mailbox-errors.js';
import type { MailboxRecord } from './mailbox-record.js';
import type { OAuthProviderId, OAuthProviders, OAuthTokenClient, PendingAuthorizationRepo } from './oauth.js';
import { OAuthConsentDeniedError, OAuthProviderUnavailableError, OAuthStateError } from './oauth-errors.js';
import { grantedScopes } from './oauth-scopes.js';

export interface AuthorizeMailboxDeps extends ConnectMailboxDeps {
  readonly providers: OAuthProviders;
  readonly tokens: OAuthTokenClient;
  readonly pending: PendingAuthorizationRepo;
  /** The callback URL registered with every provider (`<API>/mailboxes/oauth/callback`). */
  readonly redirectUri: string;
}

/** How long an admin has between starting and finishing the provider's consent screen. */
export const AUTHORIZATION_TTL_MS = 10 * 60_000;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

export interface StartAuthorizationInput {
  readonly spaceId: string;
  readonly userId: string;
  readonly provider: OAuthProviderId;
  /** The mailbox's address (the IMAP user name); taken from the mailbox when re-authorizing. */
  readonly username?: string;
  /** Re-authorize this mailbox instead of connecting a new one. */
  readonly mailboxId?: string;
  readonly addresses?: readonly string[];
  readonly folders?: readonly MailboxFolder[];
}

/**
 * POST /mailboxes/oauth/start: stores a pending authorization (PKCE verifier, Space, user, nonce;
 * single use, 10 minutes) and returns the provider's authorize URL. The state parameter carries the
 * Space and a 256-bit nonce; only the nonce's hash is stored.
 * @throws ValidationError, NotFoundError, MailboxLimitError, OAuthProviderNotConfiguredError
 */
export async function startMailboxAuthorization(deps: AuthorizeMailboxDeps, input: StartAuthorizationInput) {
  const provider = await deps.providers.get(input.provider);
  let { username } = input;
  let addresses = input.addresses ?? [];
  if (input.mailboxId !== undefined) {
    const current = await deps.mailboxes.getMailbox(input.spaceId, input.mailboxId);
    if (current.oauth?.provider !== input.provider) {
      throw new ValidationError([{ pointer: '#/mailboxId', detail: `this mailbox does not sign in with ${input.provider}` }]);
    }
    username = current.username;
    addresses = current.addresses;
  } else {
    if (username === undefined) throw new ValidationError([{ pointer: '#/username', detail: 'the mailbox address is required to connect a new mailbox' }]);
    const limit = deps.maxMailboxesPerSpace;
    if (limit !== undefined && (await deps.mailboxes.countMailboxes(input.spaceId)) >= limit) throw new MailboxLimitError(limit);
  }
  const nonce = randomBytes(32).toString('base64url');
  const codeVerifier = randomBytes(32).toString('base64url');
  const validUntil = new Date(deps.now().getTime() + AUTHORIZATION_TTL_MS).toISOString();
  await deps.pending.putPending({
    spaceId: input.spaceId, nonceHash: sha256(nonce), userId: input.userId, provider: input.provider, username,
    ...(input.mailboxId !== undefined ? { mailboxId: input.mailboxId } : {}), addresses,
    ...(input.folders?.length ? { folders: input.folders } : {}), codeVerifier, redirectUri: deps.redirectUri, validUntil,
  });
  const url = new URL(provider.authorizeUrl);
  const params: Record<string, string> = {
    response_type: 'code', client_id: provider.clientId, redirect_uri: deps.redirectUri, scope: provider.scope,
    state: `${Buffer.from(input.spaceId).toString('base64url')}.${nonce}`,
    code_challenge: sha256(codeVerifier), code_challenge_method: 'S256', login_hint: username, ...provider.authorizeParams,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return { authorizeUrl: url.toString(), validUntil, redirectUri: deps.redirectUri };
}

/** The Space and nonce of a state parameter, or undefined when it is not one of ours. */
function parseState(state: string): { spaceId: string; nonce: string } | undefined {
  const match = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(state);
  if (!match) return undefined;
  return { spaceId: Buffer.from(match[1]!, 'base64url').toString(), nonce: match[2]! };
}

/**
 * GET /mailboxes/oauth/callback: the state authenticates the call (no bearer token reaches it).
 * Takes the pending authorization (single use), exchanges the code with the PKCE verifier, tests
 * an XOAUTH2 login, seals the refresh token for this Space and mailbox, and connects a new mailbox
 * or re-authorizes the one the start named (resuming it), then queues a sync.
 * @throws OAuthStateError, OAuthConsentDeniedError, OAuthGrantError, OAuthProviderUnavailableError,
 * MailboxConnectError, MailboxAuthError, MailboxLimitError
 */
export async function completeMailboxAuthorization(
  deps: AuthorizeMailboxDeps, input: { state: string; code?: string; error?: string; correlationId: string },
): Promise<MailboxRecord> {
  const parsed = parseState(input.state);
  const pending = parsed && await deps.pending.takePending(parsed.spaceId, sha256(parsed.nonce), deps.now());
  if (!pending) throw new OAuthStateError();
  if (input.error !== undefined || input.code === undefined) throw new OAuthConsentDeniedError(input.error ?? 'no_code');
  const provider = await deps.providers.get(pending.provider);
  const tokens = await deps.tokens.exchangeCode(provider, { code: input.code, codeVerifier: pending.codeVerifier, redirectUri: pending.redirectUri });
  if (tokens.refreshToken === undefined) throw new OAuthProviderUnavailableError('The provider issued no refresh token (offline access was not granted)');
  const settings = { ...provider.imap, username: pending.username, addresses: pending.addresses, ...(pending.folders ? { folders: pending.folders } : {}) };
  const report = await deps.imap.testConnection(mailboxConfigOf(settings), { accessToken: tokens.accessToken });
  const config = mailboxConfigOf(settings, defaultFolders(report));
  const { spaceId } = pending;
  const now = deps.now().toISOString();
  let record: MailboxRecord;
  if (pending.mailboxId !== undefined) {
    const current = await deps.mailboxes.getMailbox(spaceId, pending.mailboxId);
    const password = await deps.secrets.seal(tokens.refreshToken, { space: spaceId, mailbox: current.id });
    record = await deps.mailboxes.patchMailbox(spaceId, current.id, {
      password, oauth: { provider: provider.id, scopes: grantedScopes(provider, tokens) }, needsReauthorization: false, paused: false,
    }, now, current.version);
  } else {
    const id = deps.newId();
    record = {
      ...config, spaceId, id, allowInsecure: provider.imap.allowInsecure, addresses: pending.addresses,
      password: await deps.secrets.seal(tokens.refreshToken, { space: spaceId, mailbox: id }), oauth: { provider: provider.id, scopes: grantedScopes(provider, tokens) },
      paused: false, messagesSynced: 0, createdAt: now, updatedAt: now, version: 1,
    };
    await deps.mailboxes.createMailbox(record, deps.maxMailboxesPerSpace);
  }
  await requestSync(deps, { spaceId, mailboxId: record.id, correlationId: input.correlationId, reason: 'manual' });
  return record;
}
