import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { ServerResponse } from 'node:http';
import { buildConsole, type ConsoleBuild } from '../web/build-console.js';
import { CONSOLE_BASE, consoleSecurityHeaders } from '../web/console-headers.js';
import { IDP_PATH } from './idp.js';
import { codeFlowRoutes, type LocalUser } from './idp-authorize.js';
import { discoveryRoute } from './idp-routes.js';
import type { ExtraService, LocalStack } from './local-stack.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};
/** Local console sessions last a working day; the API's JWT check enforces the expiry. */
const TOKEN_LIFETIME_SECONDS = 8 * 3600;

export interface ConsoleServiceOptions {
  /** Who the local identity provider can sign in; the first is signed in without a prompt. */
  readonly users: readonly LocalUser[];
  /** A build already under way (start.ts begins it beside the emulators). @default buildConsole() */
  readonly build?: Promise<ConsoleBuild>;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** The URL `npm start` prints: the console on the gateway's own origin. */
export const consoleUrlOf = (stack: Pick<LocalStack, 'apiUrl'>): string => `${stack.apiUrl}${CONSOLE_BASE}`;

/**
 * The staff console beside the API on the gateway (same origin, so no CORS): built once per input
 * hash, served under CONSOLE_BASE with its security headers and an SPA fallback, and the local
 * identity provider's code flow with PKCE that it signs in with.
 */
export const consoleService = (options: ConsoleServiceOptions): ExtraService => ({
  name: 'console',
  async start(stack) {
    const started = Date.now();
    const build = await (options.build ?? buildConsole());
    const consoleUrl = consoleUrlOf(stack);
    const redirectUri = `${consoleUrl}callback`;
    for (const route of codeFlowRoutes({
      clientId: stack.audience, redirectUris: [redirectUri], users: options.users, autoApprove: options.users[0]?.sub,
      tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
      mint: (u) => stack.mintToken({ spaceId: u.spaceId, role: u.role, sub: u.sub, email: u.email, expiresIn: TOKEN_LIFETIME_SECONDS }),
    })) stack.addRoute(route);
    stack.addRoute(discoveryRoute(stack.issuer, true));

    const headers = consoleSecurityHeaders({ api: stack.apiUrl, identity: stack.apiUrl });
    const config = {
      apiUrl: stack.apiUrl,
      oidc: { authorizeUrl: `${stack.issuer}/authorize`, tokenUrl: `${stack.issuer}/token`, clientId: stack.audience, scope: 'openid email profile' },
    };
    const redirect = (res: ServerResponse): void => void res.writeHead(302, { location: CONSOLE_BASE }).end();
    stack.addRoute({ method: 'GET', path: '/', handle: (_q, res) => redirect(res) });
    stack.addRoute({ method: 'GET', path: CONSOLE_BASE.slice(0, -1), handle: (_q, res) => redirect(res) });
    stack.addRoute({
      method: 'GET', path: `${CONSOLE_BASE}*`,
      handle: async (_req, res, url) => {
        const path = decodeURIComponent(url.pathname.slice(CONSOLE_BASE.length));
        if (path === 'config.json') {
          return void res.writeHead(200, { ...headers, 'content-type': TYPES['.json']!, 'cache-control': 'no-store' }).end(JSON.stringify(config));
        }
        const file = normalize(join(build.dir, path));
        const inside = file.startsWith(`${build.dir}/`);
        const found = inside && (await stat(file).catch(() => undefined))?.isFile() === true;
        if (!found && extname(path) !== '') return void res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('Not found');
        const served = found ? file : join(build.dir, 'index.html');
        res.writeHead(200, {
          ...headers,
          'content-type': TYPES[extname(served)] ?? 'application/octet-stream',
          // Hashed asset names change with their content; index.html must always be fresh.
          'cache-control': path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        });
        createReadStream(served).once('error', () => res.destroy()).pipe(res);
      },
    });
    options.log?.('console ready', { built: build.built, hash: build.hash, ms: Date.now() - started, idp: `${stack.apiUrl}${IDP_PATH}` });
    return { info: `staff console ${consoleUrl}`, stop: async () => undefined };
  },
});
