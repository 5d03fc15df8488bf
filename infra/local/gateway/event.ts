import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { routeKeyOf } from '../../../shared/http/contract.js';
import type { JwtAuthorization } from './jwt.js';
import type { RouteMatch } from './routes.js';

const TEXT_TYPE = /^(text\/|application\/([\w.+-]*\+)?(json|xml|javascript|x-www-form-urlencoded)\b)/i;

/**
 * Maps an HTTP request to the API Gateway HTTP API payload v2 event. Text bodies that are valid
 * UTF-8 go as a string; anything else is base64 (`isBase64Encoded`), so the bytes stay exact.
 */
export function toHttpApiEvent(
  req: IncomingMessage, url: URL, body: Buffer, route: RouteMatch, jwt: JwtAuthorization | undefined, requestId: string,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const cookies = req.headers.cookie?.split(';').map((c) => c.trim()).filter((c) => c !== '');
  const routeKey = routeKeyOf(route.contract);
  const now = new Date();
  const text = isText(headers['content-type'], body);
  const event = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies !== undefined && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(url.search !== '' ? { queryStringParameters: query } : {}),
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: headers['host'] ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: jwt ?? { claims: {}, scopes: [] } },
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function isText(contentType: string | undefined, body: Buffer): boolean {
  if (body.length === 0) return true;
  if (contentType === undefined || !TEXT_TYPE.test(contentType)) return false;
  return Buffer.from(body.toString('utf8'), 'utf8').equals(body);
}

/** Writes a handler result back as HTTP, with HTTP API's rules for non-structured results. */
export function writeHandlerResult(res: ServerResponse, result: unknown, requestId: string): void {
  const structured = toStructured(result);
  const headers: Record<string, string | string[]> = { ...stringHeaders(structured.headers), 'apigw-requestid': requestId };
  if (structured.cookies !== undefined && structured.cookies.length > 0) headers['set-cookie'] = structured.cookies;
  const body = structured.body === undefined
    ? Buffer.alloc(0)
    : Buffer.from(structured.body, structured.isBase64Encoded === true ? 'base64' : 'utf8');
  headers['content-length'] = String(body.length);
  res.writeHead(structured.statusCode ?? 200, headers).end(body);
}

function toStructured(result: unknown): APIGatewayProxyStructuredResultV2 {
  // HTTP API: a result without statusCode is taken as a JSON body with status 200.
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    return result as APIGatewayProxyStructuredResultV2;
  }
  const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body };
}

function stringHeaders(headers: APIGatewayProxyStructuredResultV2['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = String(value);
  return out;
}
