import type { z } from 'zod';
import type { FunctionName, Role } from '../config/names.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Request headers an operation reads, documented as header parameters. */
export type RequestHeader = 'if-match' | 'idempotency-key' | 'stripe-signature';

/** Response headers a success response carries (Retry-After on 429 is added for rate-limited operations). */
export type ResponseHeader = 'etag' | 'location';

/** One success response: its body schema (none for 204), an example body and its headers. */
export interface SuccessResponse {
  readonly description: string;
  readonly body?: z.ZodType;
  readonly example?: unknown;
  readonly headers?: readonly ResponseHeader[];
  /** The body's media type when it is not JSON (e.g. text/calendar). */
  readonly mediaType?: string;
}

/**
 * One HTTP operation of the public API: where it lives, which Lambda serves it, who may call it and
 * the schemas that validate it. The CDK stack makes routes from these, the local gateway dispatches
 * with them and `GET /openapi.json` is generated from them, so the three never drift apart.
 */
export interface Contract<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
> {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/contacts/{id}`. */
  readonly path: string;
  readonly fn: FunctionName;
  readonly summary: string;
  /** What the operation does beyond the summary: semantics a client must know (paging, archive vs delete...). */
  readonly description?: string;
  readonly tag: string;
  /** `jwt` goes through the authorizer; `none` only for callers that cannot hold our token. */
  readonly auth: 'jwt' | 'none';
  /** Why an `auth: 'none'` route is safe without the authorizer (the cdk-nag acknowledgement reads it). */
  readonly publicBecause?: string;
  /** Lowest role allowed (admin > staff). */
  readonly role: Role;
  readonly body?: B;
  /** An example request body, checked against `body` by a unit test. */
  readonly requestExample?: unknown;
  readonly query?: Q;
  readonly params?: P;
  readonly requestHeaders?: readonly RequestHeader[];
  /** Body of the `successStatus` response, for contracts that declare no `responses`. */
  readonly response?: z.ZodType;
  /** Every success status the operation answers with; `successStatus` must be one of them. */
  readonly responses?: Readonly<Record<number, SuccessResponse>>;
  /**
   * Problem codes (shared/http/problem.ts) the operation itself raises. Those of the HTTP layer
   * (validation, auth, role, rate limit, If-Match, body parsing, 5xx) are derived from the contract.
   */
  readonly problems?: readonly string[];
  readonly successStatus: number;
  /** The handler needs the raw body bytes (signature checks) instead of parsed JSON. */
  readonly rawBody?: boolean;
  /** A per-Space fixed-window limit for expensive operations (one DynamoDB write per call). */
  readonly rateLimit?: RateLimit;
}

/** Calls per minute per Space; `whenQuery` limits only calls that send that query parameter. */
export interface RateLimit {
  readonly perMinute: number;
  readonly whenQuery?: string;
}

type ContractInput<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> =
  Omit<Contract<B, Q, P>, 'auth' | 'role' | 'successStatus'> &
  Partial<Pick<Contract<B, Q, P>, 'auth' | 'role' | 'successStatus'>>;

export const contract = <
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
>(input: ContractInput<B, Q, P>): Contract<B, Q, P> => ({
  auth: 'jwt',
  role: 'staff',
  successStatus: input.method === 'POST' ? 201 : 200,
  ...input,
});

/** API Gateway v2 route key, e.g. `GET /contacts/{id}`. */
export const routeKeyOf = (c: Pick<Contract, 'method' | 'path'>): string => `${c.method} ${c.path}`;

/** The success responses of a contract, with `response` read as the body of `successStatus` when no `responses` are declared. */
export const successResponsesOf = (c: Contract): Readonly<Record<number, SuccessResponse>> =>
  c.responses ?? { [c.successStatus]: { description: 'Success', ...(c.response ? { body: c.response } : {}) } };

const hasCursor = (schema: z.ZodType | undefined): boolean =>
  schema !== undefined && 'shape' in schema && typeof schema.shape === 'object' && schema.shape !== null && 'cursor' in schema.shape;

/**
 * Every problem code the operation can answer with: its own plus those the HTTP layer raises for
 * this contract (http-handler.ts, read-request.ts, if-match.ts, rate-limit.ts, auth.ts).
 */
export const problemCodesOf = (c: Contract): string[] => {
  const codes = new Set<string>(['payload-too-large', 'internal', 'service-misconfigured']);
  if (c.auth === 'jwt') codes.add('unauthorized');
  if (c.auth === 'jwt' && c.role === 'admin') codes.add('forbidden');
  if (c.params || c.query || (c.body && !c.rawBody) || c.requestHeaders?.some((h) => h !== 'stripe-signature')) codes.add('validation-failed');
  if (c.body && !c.rawBody) ['malformed-body', 'unsupported-media-type'].forEach((code) => codes.add(code));
  if (hasCursor(c.query)) codes.add('invalid-cursor');
  if (c.rateLimit && c.auth === 'jwt') codes.add('too-many-requests');
  if (c.requestHeaders?.includes('if-match')) ['precondition-required', 'version-mismatch'].forEach((code) => codes.add(code));
  for (const code of c.problems ?? []) codes.add(code);
  return [...codes];
};
