import { ConflictError } from '../errors.js';

/** An email address already belongs to another contact of the Space (live or archived). */
export class DuplicateEmailError extends ConflictError {
  override readonly code = 'duplicate-email';
  constructor(email: string, existingId: string) {
    super(`${email} already belongs to contact ${existingId}`, { existingId, email });
  }
}

/** The record was merged into another and is read-only now. */
export class MergedRecordError extends ConflictError {
  override readonly code = 'record-merged';
  constructor(entity: string, mergedInto: string) {
    super(`This ${entity} was merged into ${mergedInto}`, { mergedInto });
  }
}
