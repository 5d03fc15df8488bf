import type { Role } from '../../shared/config/names.js';
import { localStack, mintTestToken } from './local-stack.js';

export interface ApiReply<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

type Init = { headers?: Record<string, string> };

/** A tiny client for the local API as a member of `spaceId` (admin unless told otherwise). */
export function apiAs(spaceId: string, role: Role = 'admin', sub?: string) {
  let token: Promise<string> | undefined;
  const send = async (method: string, path: string, body?: unknown, init: Init = {}): Promise<ApiReply> => {
    token ??= mintTestToken({ spaceId, role, ...(sub ? { sub } : {}) });
    const headers: Record<string, string> = { authorization: `Bearer ${await token}`, ...init.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${localStack().apiUrl}${path}`, {
      method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
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

/** A fresh Space id per test, so tests never see each other's data. */
export const newSpaceId = (): string => `t${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;
