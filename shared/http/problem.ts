import { DomainError } from '../domain/errors.js';

/** Where problem `type` URIs live; the documents are listed in docs/problems.md. */
export const PROBLEM_BASE = process.env.PROBLEM_BASE ?? 'https://mailbridge.dev/problems';

/**
 * code → [status, title]. A shipped code never changes meaning; add rows, never rename them.
 */
export const problems: Record<string, readonly [number, string]> = {
  'malformed-body': [400, 'The request body is not valid JSON'],
  'validation-failed': [400, 'Invalid input'],
  'invalid-cursor': [400, 'The page cursor is invalid'],
  'unauthorized': [401, 'Missing or invalid bearer token'],
  'forbidden': [403, 'Your role does not allow this'],
  'not-found': [404, 'No such resource'],
  'route-not-found': [404, 'No such route'],
  'conflict': [409, 'Conflict'],
  'duplicate-email': [409, 'Another contact already has this email address'],
  'duplicate-domain': [409, 'Another company already has this domain'],
  'duplicate-sku': [409, 'Another product already has this SKU'],
  'idempotency-key-reused': [409, 'The Idempotency-Key was used with a different request'],
  'version-mismatch': [412, 'The record changed since you read it'],
  'precondition-required': [428, 'Send If-Match with the version you read'],
  'payload-too-large': [413, 'The request body is too large'],
  'unsupported-media-type': [415, 'Send application/json'],
  'too-many-requests': [429, 'Too many requests for this Space; retry later'],
  'internal': [500, 'Internal error'],
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export const problemOf = (code: string, detail?: string, extra: Record<string, unknown> = {}, instance?: string): Problem => {
  const [status, title] = problems[code] ?? [500, 'Internal error'];
  return { type: `${PROBLEM_BASE}/${code}`, title, status, ...(detail ? { detail } : {}), ...(instance ? { instance } : {}), ...extra };
};

/**
 * Renders any thrown value. Domain errors keep their code and extras; anything else becomes a bare
 * 500 that says nothing about its cause (it is logged in full by the caller instead).
 */
export const toProblem = (err: unknown, instance?: string): Problem =>
  err instanceof DomainError && err.code in problems
    ? problemOf(err.code, err.message, err.extra, instance)
    : problemOf('internal', undefined, {}, instance);

/** An error raised by the HTTP layer itself (body parsing, auth, routing). */
export class HttpProblemError extends DomainError {
  constructor(readonly code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message, extra);
  }
}
