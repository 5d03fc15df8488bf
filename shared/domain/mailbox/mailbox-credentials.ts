import type { MailboxRecord, MailboxRepo } from './mailbox-record.js';
import type { OAuthProviders, OAuthTokenClient } from './oauth.js';
import { grantedScopes, refreshScope } from './oauth-scopes.js';
import type { MailboxCredential, SecretBox } from './ports.js';

/** An access token is refreshed when less than this is left of its life. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface MailboxCredentials {
  /**
   * What the sync logs in with: the opened password as it is, or for an OAuth2 mailbox an access
   * token, from memory while it has more than five minutes left, else refreshed with `secret` (the
   * refresh token). `fresh` skips the memory (the server refused the remembered token). A mailbox
   * connected before its granted scopes were kept keeps the ones its first refresh names.
   * @throws OAuthGrantError when the provider refuses the refresh token, OAuthProviderUnavailableError
   */
  credentialFor(mailbox: MailboxRecord, secret: string, options?: { fresh?: boolean }): Promise<MailboxCredential>;
}

export interface MailboxCredentialsDeps {
  readonly providers: OAuthProviders;
  readonly tokens: OAuthTokenClient;
  /** Seals a refresh token the provider rotated (Microsoft issues a new one with each refresh). */
  readonly secrets: Pick<SecretBox, 'seal'>;
  readonly mailboxes: Pick<MailboxRepo, 'replaceSecret' | 'recordGrantedScopes'>;
  readonly now: () => Date;
}

/**
 * Access tokens live only in this container's memory, never in a table, queue or log. One instance
 * per container (the sync worker builds it once), so warm invocations reuse a token until it ages.
 */
export function createMailboxCredentials(deps: MailboxCredentialsDeps): MailboxCredentials {
  const cache = new Map<string, { accessToken: string; expiresAt: number }>();
  return {
    async credentialFor(mailbox, secret, options = {}) {
      if (!mailbox.oauth) return secret;
      const key = `${mailbox.spaceId}/${mailbox.id}`;
      const cached = cache.get(key);
      if (cached && !options.fresh && cached.expiresAt - REFRESH_BEFORE_EXPIRY_MS > deps.now().getTime()) return { accessToken: cached.accessToken };
      cache.delete(key);
      const provider = await deps.providers.get(mailbox.oauth.provider);
      const tokens = await deps.tokens.refresh({ ...provider, scope: refreshScope(provider, mailbox.oauth) }, secret);
      if (tokens.refreshToken !== undefined && tokens.refreshToken !== secret) {
        await deps.mailboxes.replaceSecret(mailbox.spaceId, mailbox.id, await deps.secrets.seal(tokens.refreshToken, { space: mailbox.spaceId, mailbox: mailbox.id }));
      }
      if (mailbox.oauth.scopes === undefined && tokens.scope !== undefined) {
        await deps.mailboxes.recordGrantedScopes(mailbox.spaceId, mailbox.id, grantedScopes(provider, tokens));
      }
      cache.set(key, { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt.getTime() });
      return { accessToken: tokens.accessToken };
    },
  };
}
