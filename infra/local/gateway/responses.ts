import type { ServerResponse } from 'node:http';

/**
 * The answers API Gateway HTTP API gives on its own, before or instead of a function's reply: a
 * JSON body `{"message": …}`, never problem+json (that shape belongs to the functions).
 */
export const GATEWAY_RESPONSES = {
  unauthorized: [401, 'Unauthorized'],
  forbidden: [403, 'Forbidden'],
  'not-found': [404, 'Not Found'],
  'too-large': [413, 'Request Entity Too Large'],
  throttled: [429, 'Too Many Requests'],
  'function-failed': [500, 'Internal Server Error'],
  'integration-timeout': [503, 'Service Unavailable'],
} as const satisfies Record<string, readonly [number, string]>;

export type GatewayFailure = keyof typeof GATEWAY_RESPONSES;

export interface GatewayErrorOptions {
  /** `apigw-requestid`, as HTTP API sets on every response. */
  readonly requestId: string;
  /** Why a token was refused; HTTP API puts it in `www-authenticate`, never in the body. */
  readonly tokenError?: string;
}

/** Writes the HTTP API's own error response for `failure`. */
export function sendGatewayError(res: ServerResponse, failure: GatewayFailure, options: GatewayErrorOptions): void {
  const [status, message] = GATEWAY_RESPONSES[failure];
  const body = JSON.stringify({ message });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'apigw-requestid': options.requestId,
  };
  if (failure === 'unauthorized') headers['www-authenticate'] = wwwAuthenticate(options.tokenError);
  res.writeHead(status, headers).end(body);
}

/** RFC 6750: no error code when no token was sent; `invalid_token` with a description otherwise. */
function wwwAuthenticate(tokenError: string | undefined): string {
  if (tokenError === undefined) return 'Bearer';
  return `Bearer scope="" error="invalid_token" error_description="${tokenError.replace(/["\\\r\n]/g, ' ')}"`;
}
