import { createApiClient, type ApiClient } from '../../shared/client/create-api-client.js';
import type { components } from '../../shared/client/api-types.js';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/** A failed API call: the problem+json body when there is one, else the gateway's message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem | undefined, message: string) {
    super(message);
  }

  /** Field errors of a validation problem, keyed by the first segment of their JSON pointer. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) {
      const field = e.pointer.replace(/^#\//, '').split('/')[0] ?? '';
      out[field] ??= e.detail;
    }
    return out;
  }
}

let client: ApiClient | undefined;
let onUnauthorized: () => void = () => undefined;

/** Binds the client to the API and the signed-in user's token; a 401 starts a new sign-in. */
export function configureApi(apiUrl: string, token: string, unauthorized: () => void): void {
  client = createApiClient(apiUrl, token);
  onUnauthorized = unauthorized;
}

export function api(): ApiClient {
  if (client === undefined) throw new Error('API used before sign-in');
  return client;
}

/** Returns the data of a typed-client result or throws an ApiError naming what went wrong. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok || result.response.status === 302) return result.data as T;
  if (result.response.status === 401) onUnauthorized();
  const body = result.error as Partial<Problem> & { message?: string } | undefined;
  const problem = typeof body?.type === 'string' ? (body as Problem) : undefined;
  const message = problem ? (problem.detail ?? problem.title) : (body?.message ?? `HTTP ${result.response.status}`);
  throw new ApiError(result.response.status, problem, message);
}

/** The ETag of a response, for If-Match. */
export const etagOf = (response: Response): string => response.headers.get('etag') ?? '';
