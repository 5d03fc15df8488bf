import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { contract } from '../../../shared/http/contract.js';
import { createFunctionRuntime, type LambdaHandler } from '../../../infra/local/function-runtime.js';
import { startGateway, type Gateway } from '../../../infra/local/gateway/server.js';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';

const contracts = [
  contract({ operationId: 'hook', method: 'POST', path: '/webhooks/stripe', fn: 'stripe-webhook', summary: 'h', tag: 'h', auth: 'none', rawBody: true }),
  contract({ operationId: 'merge', method: 'POST', path: '/contacts/merge', fn: 'contacts-api', summary: 'm', tag: 'c', auth: 'none' }),
  contract({ operationId: 'one', method: 'POST', path: '/contacts/{id}', fn: 'companies-api', summary: 'o', tag: 'c', auth: 'none' }),
  contract({ operationId: 'slow', method: 'GET', path: '/slow', fn: 'products-api', summary: 's', tag: 's', auth: 'none' }),
];

describe('local gateway event mapping', () => {
  let gateway: Gateway;
  const events: APIGatewayProxyEventV2[] = [];
  let reply: unknown = { statusCode: 204 };
  const capture: LambdaHandler = (event) => {
    events.push(event as APIGatewayProxyEventV2);
    if (reply instanceof Error) throw reply;
    return reply;
  };

  beforeAll(async () => {
    gateway = await startGateway({
      port: 0,
      contracts,
      runtime: createFunctionRuntime(`${REPO_ROOT}/tests/fixtures/no-functions-here`, {
        'stripe-webhook': capture, 'contacts-api': capture, 'companies-api': capture,
        'products-api': () => new Promise(() => undefined),
      }),
      authorizerFor: () => async () => ({ ok: false }),
      throttleFor: (routeKey) => (routeKey === 'POST /contacts/{id}' ? { rateLimit: 1, burstLimit: 3 } : { rateLimit: 1000, burstLimit: 1000 }),
      integrationTimeoutMs: 1_500,
    });
  });
  afterAll(() => gateway.stop());
  beforeEach(() => {
    events.length = 0;
    reply = { statusCode: 204 };
  });

  it('keeps a JSON body with CRLF and non-ASCII text byte-exact as a string', async () => {
    const raw = '{\r\n  "name": "Zoë Ünal – 東京"\r\n}';

    await fetch(`${gateway.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: raw });

    expect(events[0]).toMatchObject({ isBase64Encoded: false, body: raw });
  });

  it('base64-encodes a binary body so every byte survives', async () => {
    const bytes = Buffer.from([0, 255, 128, 13, 10, 0xc3]);

    await fetch(`${gateway.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });

    expect(events[0]?.isBase64Encoded).toBe(true);
    expect(Buffer.from(events[0]?.body ?? '', 'base64').equals(bytes)).toBe(true);
  });

  it('prefers the literal route over the path parameter and decodes query strings', async () => {
    await fetch(`${gateway.url}/contacts/merge?a=1&a=2&b=x%20y`, { method: 'POST', headers: { 'X-Custom': 'v' } });

    expect(events[0]).toMatchObject({
      routeKey: 'POST /contacts/merge', rawQueryString: 'a=1&a=2&b=x%20y',
      queryStringParameters: { a: '1,2', b: 'x y' }, headers: { 'x-custom': 'v' },
    });
  });

  it('passes decoded path parameters', async () => {
    await fetch(`${gateway.url}/contacts/a%20b`, { method: 'POST' });

    expect(events[0]).toMatchObject({ routeKey: 'POST /contacts/{id}', pathParameters: { id: 'a b' }, rawPath: '/contacts/a%20b' });
  });

  it('writes status, headers, cookies and a base64 body from the handler result', async () => {
    reply = { statusCode: 201, headers: { 'X-Thing': '1' }, cookies: ['a=1'], body: Buffer.from('hi').toString('base64'), isBase64Encoded: true };

    const res = await fetch(`${gateway.url}/webhooks/stripe`, { method: 'POST' });

    expect(res.status).toBe(201);
    expect(res.headers.get('x-thing')).toBe('1');
    expect(res.headers.get('set-cookie')).toBe('a=1');
    expect(await res.text()).toBe('hi');
  });

  it('treats a plain object result as a JSON 200 like HTTP API does', async () => {
    reply = { hello: 'world' };

    const res = await fetch(`${gateway.url}/webhooks/stripe`, { method: 'POST' });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: 'world' });
  });

  const expectGatewayError = async (res: Response, status: number, message: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('apigw-requestid')).toEqual(expect.any(String));
    expect(await res.json()).toEqual({ message });
  };

  it('answers 500 {"message":"Internal Server Error"} when the function fails, as HTTP API does', async () => {
    reply = new Error('boom');

    const res = await fetch(`${gateway.url}/webhooks/stripe`, { method: 'POST' });

    await expectGatewayError(res, 500, 'Internal Server Error');
    events.length = 0;
  });

  it('answers 404 {"message":"Not Found"} for an unknown path or method', async () => {
    const unknown = await fetch(`${gateway.url}/nope`);
    const wrongMethod = await fetch(`${gateway.url}/webhooks/stripe`);

    await expectGatewayError(unknown, 404, 'Not Found');
    await expectGatewayError(wrongMethod, 404, 'Not Found');
    expect(events).toHaveLength(0);
  });

  it('answers 413 for a body over 10 MB without invoking the function', async () => {
    const res = await fetch(`${gateway.url}/webhooks/stripe`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1, 97) });

    await expectGatewayError(res, 413, 'Request Entity Too Large');
    expect(events).toHaveLength(0);
  });

  it('answers 503 {"message":"Service Unavailable"} when the function outlasts the integration timeout', async () => {
    const res = await fetch(`${gateway.url}/slow`);

    await expectGatewayError(res, 503, 'Service Unavailable');
  });

  it('throttles a route with its own token bucket and answers 429 without invoking the function', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, () => fetch(`${gateway.url}/contacts/x`, { method: 'POST' })));
    const other = await fetch(`${gateway.url}/contacts/merge`, { method: 'POST' });

    const throttled = replies.filter((r) => r.status === 429);
    expect(replies.length - throttled.length).toBeLessThanOrEqual(4); // burst 3, plus at most one refill
    expect(throttled.length).toBeGreaterThanOrEqual(4);
    await expectGatewayError(throttled[0]!, 429, 'Too Many Requests');
    expect(events.filter((e) => e.routeKey === 'POST /contacts/{id}').length).toBe(replies.length - throttled.length);
    expect(other.status).toBe(204); // another route's bucket is untouched
  });

  it('puts the same request id in the event and in apigw-requestid', async () => {
    const res = await fetch(`${gateway.url}/webhooks/stripe`, { method: 'POST' });

    expect(res.headers.get('apigw-requestid')).toBe(events[0]?.requestContext.requestId);
  });

  it('serves routes mounted with addRoute before the contracts', async () => {
    gateway.addRoute({ method: 'GET', path: '/local/checkout/*', handle: (_req, res, url) => { res.end(`page ${url.pathname}`); } });

    const res = await fetch(`${gateway.url}/local/checkout/cs_123`);

    expect(await res.text()).toBe('page /local/checkout/cs_123');
  });
});
