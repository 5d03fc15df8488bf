import type { z } from 'zod';
import type { FunctionName, Role } from '../config/names.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

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
  readonly tag: string;
  /** `jwt` goes through the authorizer; `none` only for the Stripe webhook. */
  readonly auth: 'jwt' | 'none';
  /** Lowest role allowed (admin > staff). */
  readonly role: Role;
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  readonly response?: z.ZodType;
  readonly successStatus: number;
  /** The handler needs the raw body bytes (signature checks) instead of parsed JSON. */
  readonly rawBody?: boolean;
  /** A5: a per-Space fixed-window limit for expensive operations (one DynamoDB write per call). */
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
