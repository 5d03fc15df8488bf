import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { correlationPaths } from '@aws-lambda-powertools/logger/correlationId';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ConfigError, once } from '../config/config.js';
import { logger } from '../observability/logger.js';
import { defaultTable } from '../store/dynamo.js';
import { createRateLimitStore } from '../store/rate-limit-store.js';
import { authFromEvent, requireRole, type AuthContext } from './auth.js';
import { routeKeyOf, type Contract } from './contract.js';
import { problemOf, toProblem, HttpProblemError } from './problem.js';
import { createRateLimiter, isLimited } from './rate-limit.js';
import { readRequest } from './read-request.js';

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What an operation receives: validated input plus who is calling. */
export interface HttpRequest<C extends Contract> {
  readonly body: C extends Contract<infer B> ? Infer<B> : never;
  readonly query: C extends Contract<z.ZodType, infer Q> ? Infer<Q> : never;
  readonly params: C extends Contract<z.ZodType, z.ZodType, infer P> ? Infer<P> : never;
  readonly auth: AuthContext;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
  /** The exact body bytes as text (for signature checks). */
  readonly rawBody: string;
}

export interface HttpReply {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** A body sent as it is instead of JSON (the calendar feed); `headers` names its content-type. */
  readonly text?: string;
}

export interface Operation {
  readonly contract: Contract;
  handle(request: HttpRequest<Contract>): Promise<HttpReply>;
}

/** Binds a contract to the code that serves it. */
export const implement = <C extends Contract>(contract: C, handle: (request: HttpRequest<C>) => Promise<HttpReply>): Operation =>
  ({ contract, handle: handle as Operation['handle'] });

const json = (status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: body === undefined ? '' : JSON.stringify(body),
});

/** The only place that writes application/problem+json. */
const problemJson = (): middy.MiddlewareObj<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2> => ({
  onError: async (request) => {
    const instance = request.event.requestContext?.requestId;
    const problem = toProblem(request.error, instance);
    if (request.error instanceof ConfigError) logger.error('service misconfigured', { problem: 'service-misconfigured', detail: request.error.message });
    else if (problem.status >= 500) logger.error('request failed', { error: request.error as Error });
    else logger.info('request refused', { status: problem.status, type: problem.type });
    const retry: Record<string, string> = typeof problem.retryAfter === 'number' ? { 'retry-after': String(problem.retryAfter) } : {};
    request.response = json(problem.status, problem, { 'content-type': 'application/problem+json', ...retry });
  },
});

/**
 * One Lambda entry for the operations of one area: route by `routeKey`, check the role, parse and
 * validate the request, apply the contract's per-Space rate limit, run the operation, render the
 * reply or a problem.
 */
export const httpHandler = (...operations: Operation[]) => {
  const byRoute = new Map(operations.map((op) => [routeKeyOf(op.contract), op]));
  // Built on the first limited call, so handlers without rate-limited operations never need the table.
  const limiter = once(() => createRateLimiter(createRateLimitStore(defaultTable())));
  const dispatch = async (event: APIGatewayProxyEventV2WithJWTAuthorizer, _context: Context): Promise<APIGatewayProxyResultV2> => {
    const op = byRoute.get(event.routeKey);
    if (!op) throw new HttpProblemError('route-not-found', `No route ${event.routeKey}`);
    const auth = op.contract.auth === 'jwt' ? authFromEvent(event) : { spaceId: '', userId: '', role: 'staff' as const };
    if (op.contract.auth === 'jwt') {
      logger.appendKeys({ spaceId: auth.spaceId, route: event.routeKey });
      requireRole(auth, op.contract.role);
    }
    const input = readRequest(op.contract, event);
    if (op.contract.auth === 'jwt' && isLimited(op.contract.rateLimit, input.query)) {
      await limiter().enforce(auth.spaceId, op.contract.operationId, op.contract.rateLimit);
    }
    const reply = await op.handle({ ...input, auth, requestId: event.requestContext.requestId });
    if (reply.text !== undefined) return { statusCode: reply.status ?? op.contract.successStatus, headers: { 'cache-control': 'no-store', ...reply.headers }, body: reply.text };
    return json(reply.status ?? op.contract.successStatus, reply.body, reply.headers);
  };
  return middy(dispatch)
    .use(injectLambdaContext(logger, { correlationIdPath: correlationPaths.API_GATEWAY_HTTP, resetKeys: true }))
    .use(problemJson());
};

export { problemOf };
