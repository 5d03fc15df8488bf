import { createApiClient, type ApiClient } from '../../shared/client/create-api-client.js';
import type { Role } from '../../shared/config/names.js';
import { CONTRACTS } from '../../shared/http/contracts/index.js';
import { buildOpenApi } from '../../shared/http/openapi.js';
import { createContractValidator, type ObservedResponse } from './contract-validator.js';
import { localStack, mintTestToken } from './local-stack.js';

export interface ApiReply<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

type Init = { headers?: Record<string, string> };

let validator: ReturnType<typeof createContractValidator> | undefined;
const contract = () => (validator ??= createContractValidator(buildOpenApi(CONTRACTS)));
const exercised = new Set<string>();

/** `operationId status` of every documented response this test worker received. */
export const exercisedResponses = (): ReadonlySet<string> => exercised;

/**
 * Checks a response against the OpenAPI document and records it: every test that talks to the API
 * through these helpers checks the contract too. A request outside the document may only get the
 * gateway's 404 for an unknown route.
 * @throws Error naming the operation, status and the schema violations
 */
export function checkContract(r: ObservedResponse): void {
  const found = contract().match(r.method, r.url);
  if (!found) {
    const body = r.body as { message?: string; type?: string } | undefined;
    const routeNotFound = r.status === 404 && (body?.message === 'Not Found' || body?.type?.endsWith('/route-not-found') === true);
    if (routeNotFound) return;
    throw new Error(`Contract: ${r.method} ${r.url} is no operation of the document, yet answered ${r.status} (not the gateway's route 404)`);
  }
  const violations = contract().problemsOf(r);
  if (violations.length > 0) throw new Error(`Contract: ${violations.join('\n')}\nbody: ${JSON.stringify(r.body)?.slice(0, 600)}`);
  exercised.add(`${found.operationId} ${r.status}`);
}

const parse = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** fetch that checks the contract of each response it returns (the body stays readable). */
const contractFetch = (authorization?: () => Promise<string>): typeof fetch => async (input, init) => {
  const request = new Request(input, init);
  if (authorization) request.headers.set('authorization', `Bearer ${await authorization()}`);
  const response = await fetch(request.clone(), { redirect: 'manual' });
  const url = new URL(request.url);
  checkContract({
    method: request.method, url: `${url.pathname}${url.search}`, status: response.status,
    contentType: response.headers.get('content-type'), headers: response.headers, body: parse(await response.clone().text()),
  });
  return response;
};

/** A tiny client for the local API as a member of `spaceId` (admin unless told otherwise); checks the contract of every reply. */
export function apiAs(spaceId: string, role: Role = 'admin', sub?: string) {
  let token: Promise<string> | undefined;
  const send = async (method: string, path: string, body?: unknown, init: Init = {}): Promise<ApiReply> => {
    token ??= mintTestToken({ spaceId, role, ...(sub ? { sub } : {}) });
    const headers: Record<string, string> = { authorization: `Bearer ${await token}`, ...init.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${localStack().apiUrl}${path}`, {
      method, headers, redirect: 'manual', ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const parsed = parse(await res.text());
    checkContract({ method, url: path, status: res.status, contentType: res.headers.get('content-type'), headers: res.headers, body: parsed });
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    get: (path: string, init?: Init) => send('GET', path, undefined, init),
    post: (path: string, body?: unknown, init?: Init) => send('POST', path, body ?? {}, init),
    patch: (path: string, body: unknown, init?: Init) => send('PATCH', path, body, init),
    put: (path: string, body: unknown, init?: Init) => send('PUT', path, body, init),
    delete: (path: string, init?: Init) => send('DELETE', path, undefined, init),
  };
}
export type Api = ReturnType<typeof apiAs>;

/**
 * The generated typed client (shared/client) for the local API as a member of `spaceId`; every
 * response is checked against the contract and recorded like apiAs's.
 */
export function typedApiAs(spaceId: string, role: Role = 'admin', sub?: string): ApiClient {
  let token: Promise<string> | undefined;
  const authorization = () => (token ??= mintTestToken({ spaceId, role, ...(sub ? { sub } : {}) }));
  return createApiClient(localStack().apiUrl, undefined, contractFetch(authorization));
}

/** The typed client without a token (public operations, and the 401 of the others). */
export const typedAnonymous = (): ApiClient => createApiClient(localStack().apiUrl, undefined, contractFetch());

/** A fresh Space id per test, so tests never see each other's data. */
export const newSpaceId = (): string => `t${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;
