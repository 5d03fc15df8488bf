/**
 * Base of every error the domain throws on purpose. It carries a stable kebab-case `code`, never an
 * HTTP status: shared/http/problem.ts maps codes to statuses in one table.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** Machine-readable extras rendered into the problem document (e.g. `existingId`). */
  readonly extra: Record<string, unknown>;

  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.extra = extra;
  }
}

export interface FieldIssue {
  /** JSON pointer into the request, e.g. `#/lines/0/quantity`. */
  readonly pointer: string;
  readonly detail: string;
}

/** Input broke a rule the schema cannot express; names the fields. */
export class ValidationError extends DomainError {
  readonly code = 'validation-failed';
  constructor(readonly errors: readonly FieldIssue[], message = 'The request has invalid fields') {
    super(message, { errors });
  }
}

/** The record does not exist in the caller's Space (indistinguishable from another Space's id). */
export class NotFoundError extends DomainError {
  readonly code = 'not-found';
  constructor(readonly entity: string, id?: string) {
    super(`No such ${entity}`, id === undefined ? { entity } : { entity, id });
  }
}

/** A unique value (email, domain, sku, idempotency key) is already taken. */
export class ConflictError extends DomainError {
  readonly code: string = 'conflict';
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message, extra);
  }
}

/** Optimistic concurrency: the If-Match version is not the current one. */
export class VersionMismatchError extends DomainError {
  readonly code = 'version-mismatch';
  constructor(readonly currentVersion: number) {
    super('The record changed since you read it', { currentVersion });
  }
}

/** The caller's role does not allow this operation. */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}
