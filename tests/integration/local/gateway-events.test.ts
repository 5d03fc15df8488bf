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
  contract({ operationId: 'missing', method: 'GET', path: '/missing', fn: 'orders-api', summary: 'x', tag: 'x', auth: 'none' }),
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
      // orders-api is left to its entry file; a test-only path that does not exist yet gives 501.
      runtime: createFunctionRuntime(`${REPO_ROOT}/tests/fixtures/no-functions-here`, {
        'stripe-webhook': capture, 'contacts-api': capture, 'companies-api': capture,
      }),
      authorizerFor: () => async () => ({ ok: false, detail: 'unused' }),
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

  it('answers 500 problem+json when the handler throws', async () => {
    reply = new Error('boom');

    const res = await fetch(`${gateway.url}/webhooks/stripe`, { method: 'POST' });

    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.stringify(await res.json())).not.toContain('boom');
    events.length = 0;
  });

  it('answers 404 problem+json for an unknown path or method', async () => {
    const unknown = await fetch(`${gateway.url}/nope`);
    const wrongMethod = await fetch(`${gateway.url}/webhooks/stripe`);

    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(wrongMethod.status).toBe(404);
    expect(events).toHaveLength(0);
  });

  it('answers 413 for a body over 10 MB without invoking the handler', async () => {
    const res = await fetch(`${gateway.url}/webhooks/stripe`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1, 97) });

    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413 });
    expect(events).toHaveLength(0);
  });

  it('answers 501 problem+json while the function file does not exist', async () => {
    const res = await fetch(`${gateway.url}/missing`);

    expect(res.status).toBe(501);
    expect(await res.json()).toMatchObject({ status: 501 });
  });

  it('serves routes mounted with addRoute before the contracts', async () => {
    gateway.addRoute({ method: 'GET', path: '/local/checkout/*', handle: (_req, res, url) => { res.end(`page ${url.pathname}`); } });

    const res = await fetch(`${gateway.url}/local/checkout/cs_123`);

    expect(await res.text()).toBe('page /local/checkout/cs_123');
  });
});
