import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './api-types.js';

export type ApiClient = Client<paths>;

/**
 * A typed client of the Mailbridge API (openapi-fetch over the generated types): paths, parameters,
 * bodies and every documented response are checked by the compiler.
 * @example const { data, error } = await createApiClient(url, token).GET('/contacts/{id}', { params: { path: { id } } });
 */
export function createApiClient(baseUrl: string, token?: string, fetchImpl?: typeof fetch): ApiClient {
  return createClient<paths>({
    baseUrl,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
