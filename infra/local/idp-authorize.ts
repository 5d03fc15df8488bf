import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Role } from '../../shared/config/names.js';
import type { LocalRoute } from './gateway/server.js';
import { IDP_PATH } from './idp.js';
import { createCodeStore, isPkceValue } from './idp-codes.js';

/** A user the local identity provider can sign in (npm start lists the demo admins). */
export interface LocalUser {
  readonly sub: string;
  readonly email: string;
  readonly spaceId: string;
  readonly role: Role;
}

export interface CodeFlowOptions {
  readonly clientId: string;
  /** Exact redirect URIs the client registered; anything else is refused without a redirect. */
  readonly redirectUris: readonly string[];
  readonly users: readonly LocalUser[];
  /** Signed in without a prompt unless the client asks for `prompt=select_account`. */
  readonly autoApprove?: string;
  /** Signs an ID token for a user (the gateway's issuer and audience). */
  mint(user: LocalUser): Promise<string>;
  /** Seconds the token lives, as reported in `expires_in`. */
  readonly tokenLifetimeSeconds: number;
}

const MAX_FORM_BYTES = 16 * 1024;
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

/**
 * The authorization-code flow with PKCE (S256 only) of the local identity provider: the same flow the
 * console runs against Cognito's hosted UI in AWS. GET /authorize signs in the auto-approved user or
 * shows the local users to pick from; POST /token swaps a code and its verifier for tokens.
 */
export function codeFlowRoutes(options: CodeFlowOptions): LocalRoute[] {
  const codes = createCodeStore();
  const authorize = (params: URLSearchParams, res: ServerResponse, chosen: string | undefined) => {
    const redirectUri = params.get('redirect_uri') ?? '';
    if (params.get('client_id') !== options.clientId || !options.redirectUris.includes(redirectUri)) {
      return page(res, 400, 'Sign-in refused', '<p>Unknown client or redirect URI.</p>');
    }
    const back = (query: Record<string, string>) => {
      const url = new URL(redirectUri);
      for (const [k, v] of Object.entries({ ...query, ...(params.get('state') ? { state: params.get('state')! } : {}) })) url.searchParams.set(k, v);
      res.writeHead(303, { location: url.toString(), 'cache-control': 'no-store' }).end();
    };
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('response_type') !== 'code') return back({ error: 'unsupported_response_type' });
    if (params.get('code_challenge_method') !== 'S256' || !isPkceValue(challenge)) {
      return back({ error: 'invalid_request', error_description: 'PKCE with code_challenge_method=S256 is required' });
    }
    const sub = chosen ?? (params.get('prompt') === 'select_account' ? undefined : options.autoApprove);
    const user = options.users.find((u) => u.sub === sub);
    if (user === undefined) return page(res, 200, 'Sign in to Mailbridge (local)', chooser(options.users, params));
    back({ code: codes.issue({ sub: user.sub, clientId: options.clientId, redirectUri, challenge }) });
  };
  return [
    { method: 'GET', path: `${IDP_PATH}/authorize`, handle: (_req, res, url) => authorize(url.searchParams, res, undefined) },
    {
      method: 'POST', path: `${IDP_PATH}/authorize`,
      handle: async (req, res) => {
        const form = await readForm(req);
        authorize(form, res, form.get('user') ?? undefined);
      },
    },
    {
      method: 'POST', path: `${IDP_PATH}/token`,
      handle: async (req, res) => {
        const form = await readForm(req);
        if (form.get('grant_type') !== 'authorization_code') return tokenError(res, 'unsupported_grant_type', 'only authorization_code');
        const result = codes.redeem({
          code: form.get('code') ?? '', clientId: form.get('client_id') ?? '',
          redirectUri: form.get('redirect_uri') ?? '', verifier: form.get('code_verifier') ?? '',
        });
        if (!result.ok) return tokenError(res, result.error, result.description);
        const user = options.users.find((u) => u.sub === result.grant.sub)!;
        const token = await options.mint(user);
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' });
        res.end(JSON.stringify({ id_token: token, access_token: token, token_type: 'Bearer', expires_in: options.tokenLifetimeSeconds }));
      },
    },
  ];
}

function chooser(users: readonly LocalUser[], params: URLSearchParams): string {
  const hidden = [...params].filter(([k]) => k !== 'prompt' && k !== 'user')
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join('');
  const buttons = users.map((u) => `<li><button name="user" value="${escape(u.sub)}">${escape(u.email)}</button> ` +
    `<span>Space <b>${escape(u.spaceId)}</b>, ${escape(u.role)}</span></li>`).join('');
  return `<p>Local identity provider: choose who to be.</p><form method="post">${hidden}<ul>${buttons}</ul></form>`;
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': PAGE_CSP, 'x-content-type-options': 'nosniff' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>` +
    `<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}ul{list-style:none;padding:0}li{margin:.6rem 0}button{font:inherit;padding:.4rem .8rem}</style>` +
    `</head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`);
}

function tokenError(res: ServerResponse, error: string, description: string): void {
  res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ error, error_description: description }));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_FORM_BYTES) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
