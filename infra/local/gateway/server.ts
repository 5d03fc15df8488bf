import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ThrottleSettings } from '../../../shared/config/names.js';
import { routeKeyOf, type Contract } from '../../../shared/http/contract.js';
import type { FunctionRuntime } from '../function-runtime.js';
import { closeHttpServer, listenLocal, LOCAL_HOST } from '../ports.js';
import { toHttpApiEvent, writeHandlerResult } from './event.js';
import type { AuthorizeResult } from './jwt.js';
import { sendGatewayError } from './responses.js';
import { createRouteMatcher } from './routes.js';
import { createRouteThrottle } from './throttle.js';

/** HTTP API's payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** HTTP API's integration timeout. */
export const INTEGRATION_TIMEOUT_MS = 30_000;

/** A local-only page or endpoint outside the contracts (JWKS, checkout landing pages...). */
export interface LocalRoute {
  readonly method: string;
  /** Exact path, or a prefix when it ends with `/*` (e.g. `/.well-known/*`). */
  readonly path: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void>;
}

export interface GatewayOptions {
  readonly port: number;
  readonly contracts: readonly Contract[];
  readonly runtime: FunctionRuntime;
  /** Builds the JWT check once the base URL (and so the issuer) is known. */
  readonly authorizerFor: (baseUrl: string) => (header: string | undefined) => Promise<AuthorizeResult>;
  /** The stage's throttle for a route key (its own settings or the stage default). */
  readonly throttleFor: (routeKey: string) => ThrottleSettings;
  /** @default INTEGRATION_TIMEOUT_MS (tests shorten it) */
  readonly integrationTimeoutMs?: number;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  /** Mounts a local-only route; later routes with the same method and path replace earlier ones. */
  addRoute(route: LocalRoute): void;
  stop(): Promise<void>;
}

/**
 * Starts the local stand-in for the HTTP API: route match, throttle, JWT check, payload v2 event,
 * function. Its own failures are answered the way HTTP API answers them (responses.ts).
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const match = createRouteMatcher(options.contracts);
  const throttle = createRouteThrottle(options.throttleFor);
  const extra: LocalRoute[] = [];
  const log = options.log ?? (() => undefined);
  let authorize: (header: string | undefined) => Promise<AuthorizeResult> = async () => ({ ok: false, detail: 'starting' });

  const server: Server = createServer((req, res) => {
    const requestId = randomUUID();
    void handle(req, res, requestId).catch((err: unknown) => {
      log('gateway request failed', { error: String(err) });
      if (!res.headersSent) sendGatewayError(res, 'function-failed', { requestId });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? LOCAL_HOST}`);
    const method = req.method ?? 'GET';
    const local = findLocalRoute(extra, method, url.pathname);
    if (local !== undefined) return local.handle(req, res, url);
    const route = match(method, url.pathname);
    if (route === undefined) {
      req.resume();
      return sendGatewayError(res, 'not-found', { requestId });
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return sendGatewayError(res, 'too-large', { requestId });
    if (!throttle.take(routeKeyOf(route.contract))) return sendGatewayError(res, 'throttled', { requestId });
    let jwt;
    if (route.contract.auth === 'jwt') {
      const verdict = await authorize(req.headers.authorization);
      if (!verdict.ok) return sendGatewayError(res, 'unauthorized', { requestId, ...(verdict.tokenError ? { tokenError: verdict.tokenError } : {}) });
      jwt = verdict.jwt;
    }
    const fn = route.contract.fn;
    const event = toHttpApiEvent(req, url, body, route, jwt, requestId);
    try {
      const result = await withTimeout(options.runtime.invoke(fn, event), options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS);
      writeHandlerResult(res, result, requestId);
    } catch (err) {
      // A function that times out on its own fails its invocation (500); only the gateway's 30 s
      // integration limit answers 503.
      if (err instanceof IntegrationTimeout) return sendGatewayError(res, 'integration-timeout', { requestId });
      log('function failed', { fn, routeKey: event.routeKey, error: err instanceof Error ? err.stack : String(err) });
      sendGatewayError(res, 'function-failed', { requestId });
    }
  }

  const port = await listenLocal(server, options.port);
  const url = `http://${LOCAL_HOST}:${port}`;
  authorize = options.authorizerFor(url);
  return {
    url,
    port,
    addRoute(route) {
      const at = extra.findIndex((r) => r.method === route.method && r.path === route.path);
      if (at >= 0) extra.splice(at, 1);
      extra.push(route);
    },
    stop: () => closeHttpServer(server),
  };
}

function findLocalRoute(routes: readonly LocalRoute[], method: string, path: string): LocalRoute | undefined {
  return routes.find((r) => (r.method === method || r.method === '*') &&
    (r.path.endsWith('/*') ? path.startsWith(r.path.slice(0, -1)) : r.path === path));
}

/**
 * Reads the whole body; resolves undefined when it passes `limit` bytes. The rest is drained (so the
 * client reads the 413) up to a hard cap, past which the socket is dropped.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 4) req.destroy();
    });
    req.once('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.once('close', () => resolve(undefined));
    req.once('error', reject);
  });
}

class IntegrationTimeout extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new IntegrationTimeout()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
