import type { OAuthProvider, OAuthTokenClient, TokenSet } from '../../domain/mailbox/oauth.js';
import { OAuthGrantError, OAuthProviderUnavailableError } from '../../domain/mailbox/oauth-errors.js';

/** Token-endpoint errors that only a new consent fixes (RFC 6749 §5.2; Microsoft's conditional access). */
const GRANT_ERRORS = new Set(['invalid_grant', 'interaction_required', 'consent_required']);

/**
 * The OAuth2 token endpoint over fetch (RFC 6749 §4.1.3, §6): client id and secret in the form, as
 * both Microsoft and Google accept. Error messages name the provider's error code only, never a
 * token or the response body.
 */
export function createHttpOAuthClient(options: { timeoutMs?: number; fetch?: typeof fetch } = {}): OAuthTokenClient {
  const send = options.fetch ?? fetch;
  const post = async (provider: OAuthProvider, form: Record<string, string>): Promise<TokenSet> => {
    let res: Response;
    try {
      res = await send(provider.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ ...form, client_id: provider.clientId, client_secret: provider.clientSecret }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch {
      throw new OAuthProviderUnavailableError(`The ${provider.id} token endpoint did not answer`);
    }
    const body = await res.json().catch(() => ({})) as Record<string, unknown>;
    const error = typeof body.error === 'string' ? body.error.replace(/[^a-z_]/g, '').slice(0, 64) : undefined;
    if (!res.ok && error !== undefined && GRANT_ERRORS.has(error)) throw new OAuthGrantError(error);
    if (!res.ok || typeof body.access_token !== 'string') {
      throw new OAuthProviderUnavailableError(`The ${provider.id} token endpoint answered ${res.status}${error ? ` ${error}` : ''}`);
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3600);
    return {
      accessToken: body.access_token,
      expiresAt: new Date(Date.now() + (Number.isFinite(seconds) ? seconds : 3600) * 1000),
      ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
      ...(typeof body.scope === 'string' ? { scope: body.scope } : {}),
    };
  };
  return {
    exchangeCode: (provider, input) => post(provider, {
      grant_type: 'authorization_code', code: input.code, code_verifier: input.codeVerifier, redirect_uri: input.redirectUri,
    }),
    refresh: (provider, refreshToken) => post(provider, { grant_type: 'refresh_token', refresh_token: refreshToken, scope: provider.scope }),
  };
}
