import type { ConsoleConfig } from '../config';
import { challengeOf, randomToken } from './pkce';

/** The signed-in user, read from the ID token the API accepts as its bearer token. */
export interface Session {
  readonly token: string;
  readonly expiresAt: number;
  readonly email: string;
  /** The token's subject: the user id the API assigns threads to. */
  readonly userId: string;
  readonly spaceId: string;
  readonly role: string;
}

const TOKEN_KEY = 'mailbridge.token';
const PENDING_KEY = 'mailbridge.pkce';
const CALLBACK = 'callback';

export const callbackUrl = (): string => `${location.origin}${import.meta.env.BASE_URL}${CALLBACK}`;

/** The stored session, or undefined when there is none or it has expired. */
export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token === null) return undefined;
  const session = sessionOf(token);
  return session !== undefined && session.expiresAt > Date.now() + 30_000 ? session : undefined;
}

/** Sends the browser to the provider's authorize endpoint (code flow with PKCE). */
export async function signIn(config: ConsoleConfig, options: { chooseAccount?: boolean } = {}): Promise<never> {
  const verifier = randomToken(48);
  const state = randomToken(16);
  const returnTo = location.pathname.endsWith(`/${CALLBACK}`) ? import.meta.env.BASE_URL : location.pathname + location.search;
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(config.oidc.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.oidc.clientId,
    redirect_uri: callbackUrl(),
    scope: config.oidc.scope,
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    ...(options.chooseAccount ? { prompt: 'select_account' } : {}),
  }).toString();
  location.assign(url.toString());
  return new Promise<never>(() => undefined);
}

/** Finishes the code flow on the callback URL; returns where to go next, or undefined elsewhere. */
export async function completeSignIn(config: ConsoleConfig): Promise<string | undefined> {
  if (!location.pathname.endsWith(`/${CALLBACK}`)) return undefined;
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(PENDING_KEY);
  const error = params.get('error');
  if (error !== null) throw new Error(`Sign-in refused: ${params.get('error_description') ?? error}`);
  const code = params.get('code');
  if (pending === null || code === null || params.get('state') !== pending.state) {
    throw new Error('This sign-in answer does not match a sign-in started here; start again.');
  }
  const res = await fetch(config.oidc.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: callbackUrl(),
      client_id: config.oidc.clientId, code_verifier: pending.verifier,
    }),
  });
  const body = (await res.json().catch(() => ({}))) as { id_token?: string; error?: string; error_description?: string };
  if (!res.ok || body.id_token === undefined) throw new Error(`Sign-in failed: ${body.error_description ?? body.error ?? `HTTP ${res.status}`}`);
  sessionStorage.setItem(TOKEN_KEY, body.id_token);
  return pending.returnTo;
}

export function signOut(config: ConsoleConfig): void {
  sessionStorage.removeItem(TOKEN_KEY);
  if (config.oidc.logoutUrl === undefined) return void signIn(config, { chooseAccount: true });
  const url = new URL(config.oidc.logoutUrl);
  url.search = new URLSearchParams({ client_id: config.oidc.clientId, logout_uri: `${location.origin}${import.meta.env.BASE_URL}` }).toString();
  location.assign(url.toString());
}

function sessionOf(token: string): Session | undefined {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    return {
      token,
      expiresAt: Number(payload.exp) * 1000,
      email: String(payload.email ?? payload.sub ?? ''),
      userId: String(payload.sub ?? ''),
      spaceId: String(payload['custom:space_id'] ?? ''),
      role: String(payload['custom:role'] ?? ''),
    };
  } catch {
    return undefined;
  }
}
