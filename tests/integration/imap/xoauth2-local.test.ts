import { createHash, randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalOAuthServer, type LocalOAuthServer } from '../../../infra/local/oauth/oauth-server.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';

const user = { user: 'oauth-user', password: 'unused-password' };
let oauth: LocalOAuthServer;
let dovecot: DovecotServer;

beforeAll(async () => {
  oauth = await startLocalOAuthServer({ users: [user.user] });
  dovecot = await startDovecot({ users: [user], oauth2IntrospectionUrl: `${oauth.url}/introspect` });
});
afterAll(async () => {
  await dovecot?.stop();
  await oauth?.stop();
});

const redirectUri = 'http://127.0.0.1:1/callback';

async function authorize(verifier: string, challenge = createHash('sha256').update(verifier).digest('base64url')): Promise<URL> {
  const url = new URL(`${oauth.url}/authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code', client_id: oauth.clientId, redirect_uri: redirectUri, scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access',
    state: 'st-1', code_challenge: challenge, code_challenge_method: 'S256', login_hint: user.user,
  })) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  return new URL(res.headers.get('location')!);
}

async function tokenRequest(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${oauth.url}/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: oauth.clientId, client_secret: oauth.clientSecret, ...form }),
  });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}

async function xoauth2Login(accessToken: string): Promise<'ok' | 'refused'> {
  const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: user.user, accessToken }, logger: false });
  try {
    await client.connect();
    await client.logout();
    return 'ok';
  } catch (error) {
    if ((error as { authenticationFailed?: boolean }).authenticationFailed) return 'refused';
    throw error;
  } finally {
    client.close();
  }
}

describe('the local OAuth2 server and Dovecot XOAUTH2', () => {
  it('logs in with a PKCE-issued token, refuses it once expired, accepts a refreshed one, and refuses after revocation', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const back = await authorize(verifier);
    const wrongVerifier = await tokenRequest({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: 'x'.repeat(43) });
    const again = await authorize(verifier);
    const issued = await tokenRequest({ grant_type: 'authorization_code', code: again.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: verifier });
    const refreshToken = String(issued.body.refresh_token);

    const first = await xoauth2Login(String(issued.body.access_token));
    oauth.expireAccessTokens();
    const expired = await xoauth2Login(String(issued.body.access_token));
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
    const afterRefresh = await xoauth2Login(String(refreshed.body.access_token));
    oauth.revoke(refreshToken);
    const revokedRefresh = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
    const afterRevoke = await xoauth2Login(String(refreshed.body.access_token));

    expect(back.searchParams.get('state')).toBe('st-1');
    expect(wrongVerifier).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(issued.status).toBe(200);
    expect([first, expired, afterRefresh, afterRevoke]).toEqual(['ok', 'refused', 'ok', 'refused']);
    expect(revokedRefresh).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
