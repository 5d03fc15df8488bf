import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/http/contract.js';
import { createFunctionRuntime, type LambdaHandler } from '../../../infra/local/function-runtime.js';
import { createJwtAuthorizer } from '../../../infra/local/gateway/jwt.js';
import { startGateway, type Gateway } from '../../../infra/local/gateway/server.js';
import { IDP_PATH, LOCAL_AUDIENCE, loadIdpKeys, type IdpKeys } from '../../../infra/local/idp.js';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';

const contracts = [
  contract({ operationId: 'getThing', method: 'GET', path: '/things/{id}', fn: 'contacts-api', summary: 't', tag: 't' }),
];

describe('local gateway JWT authorizer', () => {
  let dir: string;
  let keys: IdpKeys;
  let gateway: Gateway;
  let issuer: string;
  const calls: unknown[] = [];
  const handler: LambdaHandler = (event) => {
    calls.push(event);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gateway-auth-'));
    keys = await loadIdpKeys(dir);
    gateway = await startGateway({
      port: 0,
      contracts,
      runtime: createFunctionRuntime(REPO_ROOT, { 'contacts-api': handler }),
      throttleFor: () => ({ rateLimit: 1000, burstLimit: 1000 }),
      authorizerFor: (url) => createJwtAuthorizer({ issuer: `${url}${IDP_PATH}`, audience: LOCAL_AUDIENCE, jwks: keys.jwks }),
    });
    issuer = `${gateway.url}${IDP_PATH}`;
  });
  afterAll(async () => {
    await gateway.stop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    calls.length = 0;
  });

  const now = () => Math.floor(Date.now() / 1000);
  const goodClaims = (): JWTPayload => ({
    iss: issuer, aud: LOCAL_AUDIENCE, sub: 'u1', 'custom:space_id': 'space-a', 'custom:role': 'admin',
    iat: now() - 5, exp: now() + 600,
  });
  const rs256 = async (claims: JWTPayload, kid = keys.kid) => {
    const { importJWK } = await import('jose');
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(await importJWK(keys.privateJwk, 'RS256'));
  };
  const get = (token?: string) =>
    fetch(`${gateway.url}/things/42`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  it('passes a valid token and hands the claims to the handler', async () => {
    const res = await get(await rs256(goodClaims()));

    expect(res.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      version: '2.0', routeKey: 'GET /things/{id}', rawPath: '/things/42', pathParameters: { id: '42' },
      requestContext: { stage: '$default', authorizer: { jwt: { claims: { sub: 'u1', 'custom:space_id': 'space-a' } } } },
    });
  });

  const unsigned = (claims: JWTPayload) =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

  const rejected: [string, () => Promise<string | undefined>][] = [
    ['no token', async () => undefined],
    ['alg none', async () => unsigned(goodClaims())],
    ['HS256 signed with the public key', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(keys.jwks.keys[0]));
      return new SignJWT(goodClaims()).setProtectedHeader({ alg: 'HS256', kid: keys.kid }).sign(secret);
    }],
    ['an unknown kid', async () => rs256(goodClaims(), 'someone-else')],
    ['a key that is not in the JWKS under our kid', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return new SignJWT(goodClaims()).setProtectedHeader({ alg: 'RS256', kid: keys.kid }).sign(privateKey);
    }],
    ['a wrong issuer', async () => rs256({ ...goodClaims(), iss: 'https://evil.example/idp' })],
    ['a wrong audience', async () => rs256({ ...goodClaims(), aud: 'another-app' })],
    ['an expired token (exp = now - 1)', async () => rs256({ ...goodClaims(), exp: now() - 1 })],
    ['nbf in the future', async () => rs256({ ...goodClaims(), nbf: now() + 60 })],
    ['iat in the future', async () => rs256({ ...goodClaims(), iat: now() + 60 })],
    ['no exp', async () => rs256({ ...goodClaims(), exp: undefined })],
    ['a garbage token', async () => 'not.a.jwt'],
  ];

  it.each(rejected)('answers 401 {"message":"Unauthorized"} without invoking the function for %s', async (name, make) => {
    const res = await get(await make());

    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ message: 'Unauthorized' });
    // Like HTTP API: why the token was refused is in www-authenticate, never in the body.
    const challenge = res.headers.get('www-authenticate');
    if (name === 'no token') expect(challenge).toBe('Bearer');
    else expect(challenge).toMatch(/^Bearer scope="" error="invalid_token" error_description="[^"]+"$/);
    expect(calls).toHaveLength(0);
  });
});
