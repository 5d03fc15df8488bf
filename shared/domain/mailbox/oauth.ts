import type { MailboxFolder, MailboxSecurity } from './mailbox-config.js';

/** The OAuth2 providers a mailbox can sign in with; `local` is the local stack's authorization server. */
export const OAUTH_PROVIDER_IDS = ['microsoft', 'google', 'local'] as const;
export type OAuthProviderId = (typeof OAUTH_PROVIDER_IDS)[number];

/** One provider as this deployment registered it (endpoints from config, client id and secret from the app secret). */
export interface OAuthProvider {
  readonly id: OAuthProviderId;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** Space-separated scopes: IMAP access, plus offline access where the provider needs it for a refresh token. */
  readonly scope: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Extra query parameters of the authorize URL (Google needs access_type=offline and prompt=consent). */
  readonly authorizeParams: Readonly<Record<string, string>>;
  /** Where the provider's mailboxes are read with XOAUTH2. */
  readonly imap: { readonly host: string; readonly port: number; readonly security: MailboxSecurity; readonly allowInsecure: boolean };
}

/** What a token endpoint answered; `refreshToken` only when it issued (or rotated to) one. */
export interface TokenSet {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly refreshToken?: string;
  /** The granted scopes, space-separated, when the endpoint named them. */
  readonly scope?: string;
}

/** The provider's token endpoint. @throws OAuthGrantError when it refuses the code or refresh token, OAuthProviderUnavailableError otherwise */
export interface OAuthTokenClient {
  exchangeCode(provider: OAuthProvider, input: { code: string; codeVerifier: string; redirectUri: string }): Promise<TokenSet>;
  refresh(provider: OAuthProvider, refreshToken: string): Promise<TokenSet>;
}

/** The providers this deployment is configured for. */
export interface OAuthProviders {
  /** @throws OAuthProviderNotConfiguredError */
  get(id: OAuthProviderId): Promise<OAuthProvider>;
}

/**
 * An authorization started by an admin and not yet completed: bound to the Space, the user and a
 * nonce (only its hash is stored), single use, with a short TTL. The PKCE verifier never leaves the server.
 */
export interface PendingAuthorization {
  readonly spaceId: string;
  readonly nonceHash: string;
  readonly userId: string;
  readonly provider: OAuthProviderId;
  readonly username: string;
  /** Set when re-authorizing an existing mailbox. */
  readonly mailboxId?: string;
  readonly addresses: readonly string[];
  readonly folders?: readonly MailboxFolder[];
  readonly codeVerifier: string;
  readonly redirectUri: string;
  /** ISO time after which the callback refuses it. */
  readonly validUntil: string;
}

export interface PendingAuthorizationRepo {
  putPending(pending: PendingAuthorization): Promise<void>;
  /** Deletes and returns the pending authorization if it exists and has not expired at `now` (single use). */
  takePending(spaceId: string, nonceHash: string, now: Date): Promise<PendingAuthorization | undefined>;
}
