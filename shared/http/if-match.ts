import { ValidationError } from '../domain/errors.js';
import { HttpProblemError } from './problem.js';

/** The ETag of a versioned record. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The version a PATCH expects, from `If-Match: "<version>"` (weak `W/` accepted).
 * @throws HttpProblemError `precondition-required` (428) when the header is missing.
 */
export function expectedVersion(headers: Readonly<Record<string, string>>): number {
  const raw = headers['if-match'];
  if (raw === undefined || raw.trim() === '') throw new HttpProblemError('precondition-required', 'Send If-Match with the ETag you read');
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(raw);
  if (!match) throw new ValidationError([{ pointer: '#/headers/if-match', detail: 'must be the ETag you read, e.g. "3"' }]);
  return Number(match[1]);
}
