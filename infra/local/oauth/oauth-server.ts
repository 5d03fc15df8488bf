import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * A local OAuth2 authorization server standing in for the Microsoft identity platform and Google:
 * authorization code with PKCE (S256 only), refresh tokens, and an RFC 7662 introspection endpoint
 * that the test Dovecot's oauth2 passdb asks to check an XOAUTH2 login. Consent is automatic for a
 * known `login_hint` (any hint with `users: 'any'`). Tokens are random opaque strings, held in memory.
 */
export interface LocalOAuthServer {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Makes every access token issued so far expire now (as an hour passing would). */
  expireAccessTokens(): void;
  /** Revokes a refresh token and the access tokens issued from it (a user withdrawing consent). */
  revoke(refreshToken: string): void;
  stop(): Promise<void>;
}

interface Grant { readonly user: string; readonly scope: string }
interface PendingCode extends Grant { readonly challenge: string; readonly redirectUri: string; readonly expiresAt: number }
interface AccessToken extends Grant { expiresAt: number; readonly refreshToken: string }

const token = (prefix = ''): string => `${prefix}${randomBytes(24).toString('base64url')}`;

/**
 * Every token this server issues starts with one of these, as real providers' do (GitHub's `ghr_`,
 * Slack's `xoxe-`), so a leak check can look for any of them without knowing which was issued.
 */
export const LOCAL_TOKEN_PREFIX = { refresh: 'mblocal_rt_', access: 'mblocal_at_' } as const;
const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export async function startLocalOAuthServer(options: { users: readonly string[] | 'any'; accessTokenSeconds?: number; clientId?: string; clientSecret?: string }): Promise<LocalOAuthServer> {
  const known = (user: string): boolean => user !== '' && (options.users === 'any' || options.users.includes(user));
  const clientId = options.clientId ?? 'mailbridge-local-client';
  const clientSecret = options.clientSecret ?? token();
  const lifetimeMs = (options.accessTokenSeconds ?? 3600) * 1000;
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, AccessToken>();

  const issue = (grant: Grant, refreshToken: string) => {
    const access = token(LOCAL_TOKEN_PREFIX.access);
    accessTokens.set(access, { ...grant, refreshToken, expiresAt: Date.now() + lifetimeMs });
    return { access_token: access, token_type: 'Bearer', expires_in: lifetimeMs / 1000, scope: grant.scope, refresh_token: refreshToken };
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => reply(res, 500, { error: 'server_error' }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/authorize') return authorize(url.searchParams, res);
    const form = new URLSearchParams(await bodyOf(req));
    if (req.method === 'POST' && url.pathname === '/token') return tokenEndpoint(form, req, res);
    if (req.method === 'POST' && url.pathname === '/introspect') {
      const found = accessTokens.get(form.get('token') ?? '');
      const active = found !== undefined && found.expiresAt > Date.now() && refreshTokens.has(found.refreshToken);
      return reply(res, 200, active ? { active: true, username: found.user, scope: found.scope, exp: Math.floor(found.expiresAt / 1000) } : { active: false });
    }
    reply(res, 404, { error: 'not_found' });
  }

  function authorize(q: URLSearchParams, res: ServerResponse): void {
    const redirectUri = q.get('redirect_uri') ?? '';
    const user = q.get('login_hint') ?? '';
    if (q.get('client_id') !== clientId || !/^https?:\/\//.test(redirectUri)) return reply(res, 400, { error: 'invalid_request' });
    const back = new URL(redirectUri);
    if (q.get('state')) back.searchParams.set('state', q.get('state')!);
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !known(user)) {
      back.searchParams.set('error', known(user) ? 'invalid_request' : 'access_denied');
    } else {
      const code = token();
      codes.set(code, { user, scope: q.get('scope') ?? '', challenge: q.get('code_challenge')!, redirectUri, expiresAt: Date.now() + 60_000 });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { location: back.toString() }).end();
  }

  function tokenEndpoint(form: URLSearchParams, req: IncomingMessage, res: ServerResponse): void {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [form.get('client_id'), form.get('client_secret')];
    if (id !== clientId || secret !== clientSecret) return reply(res, 401, { error: 'invalid_client' });
    if (form.get('grant_type') === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!code || code.expiresAt < Date.now() || code.redirectUri !== form.get('redirect_uri') || s256(form.get('code_verifier') ?? '') !== code.challenge) {
        return reply(res, 400, { error: 'invalid_grant' });
      }
      const refresh = token(LOCAL_TOKEN_PREFIX.refresh);
      refreshTokens.set(refresh, { user: code.user, scope: code.scope });
      return reply(res, 200, issue(code, refresh));
    }
    if (form.get('grant_type') === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      const grant = refreshTokens.get(refresh);
      if (!grant) return reply(res, 400, { error: 'invalid_grant', error_description: 'The refresh token was revoked or has expired.' });
      return reply(res, 200, issue(grant, refresh));
    }
    reply(res, 400, { error: 'unsupported_grant_type' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('OAuth server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    clientId,
    clientSecret,
    expireAccessTokens() { for (const t of accessTokens.values()) t.expiresAt = 0; },
    revoke(refreshToken) { refreshTokens.delete(refreshToken); },
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 65_536) throw new Error('body too large');
  }
  return body;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
