import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Contract } from '../../../shared/http/contract.js';
import { FunctionCrashedError, FunctionMissingError, FunctionTimeoutError, type FunctionRuntime } from '../function-runtime.js';
import { closeHttpServer, listenLocal, LOCAL_HOST } from '../ports.js';
import { toHttpApiEvent, writeHandlerResult } from './event.js';
import type { AuthorizeResult } from './jwt.js';
import { sendProblem } from './problem.js';
import { createRouteMatcher } from './routes.js';

/** HTTP API's payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** HTTP API's integration timeout. */
const INTEGRATION_TIMEOUT_MS = 30_000;

/** A local-only page or endpoint outside the contracts (JWKS, a fake Stripe checkout page...). */
export interface LocalRoute {
  readonly method: string;
  /** Exact path, or a prefix when it ends with `/*` (e.g. `/local/checkout/*`). */
  readonly path: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void>;
}

export interface GatewayOptions {
  readonly port: number;
  readonly contracts: readonly Contract[];
  readonly runtime: FunctionRuntime;
  /** Builds the JWT check once the base URL (and so the issuer) is known. */
  readonly authorizerFor: (baseUrl: string) => (header: string | undefined) => Promise<AuthorizeResult>;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  /** Mounts a local-only route; later routes with the same method and path replace earlier ones. */
  addRoute(route: LocalRoute): void;
  stop(): Promise<void>;
}

/** Starts the local stand-in for the HTTP API: JWT check, route match, payload v2 event, handler. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const match = createRouteMatcher(options.contracts);
  const extra: LocalRoute[] = [];
  const log = options.log ?? (() => undefined);
  let authorize: (header: string | undefined) => Promise<AuthorizeResult> = async () => ({ ok: false, detail: 'starting' });

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      log('gateway request failed', { error: String(err) });
      if (!res.headersSent) sendProblem(res, 500, 'the gateway failed to handle the request');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? LOCAL_HOST}`);
    const method = req.method ?? 'GET';
    const local = findLocalRoute(extra, method, url.pathname);
    if (local !== undefined) return local.handle(req, res, url);
    const route = match(method, url.pathname);
    if (route === undefined) {
      req.resume();
      return sendProblem(res, 404, `no route for ${method} ${url.pathname}`);
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return sendProblem(res, 413, `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
    let jwt;
    if (route.contract.auth === 'jwt') {
      const verdict = await authorize(req.headers.authorization);
      if (!verdict.ok) return sendProblem(res, 401, verdict.detail);
      jwt = verdict.jwt;
    }
    const fn = route.contract.fn;
    if (!options.runtime.has(fn)) return sendProblem(res, 501, `function ${fn} is not implemented yet`);
    const event = toHttpApiEvent(req, url, body, route, jwt);
    try {
      const result = await withTimeout(options.runtime.invoke(fn, event), INTEGRATION_TIMEOUT_MS);
      writeHandlerResult(res, result);
    } catch (err) {
      if (err instanceof FunctionMissingError) return sendProblem(res, 501, `function ${fn} is not implemented yet`);
      if (err instanceof FunctionCrashedError) {
        // What HTTP API answers when the Lambda invocation itself fails (runtime exit, out of memory).
        log('function process crashed', { fn, routeKey: event.routeKey, error: err.message });
        const body = '{"message":"Internal Server Error"}';
        return void res.writeHead(500, { 'content-type': 'application/json', 'content-length': String(body.length) }).end(body);
      }
      if (err instanceof FunctionTimeoutError || err instanceof IntegrationTimeout) {
        return sendProblem(res, 503, `function ${fn} did not answer in time`);
      }
      log('handler threw', { fn, routeKey: event.routeKey, error: err instanceof Error ? err.stack : String(err) });
      sendProblem(res, 500, 'internal error');
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
