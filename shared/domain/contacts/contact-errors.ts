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

/**
 * Another merge holds the record (see MergeClaim): it is running, or it was interrupted after
 * moving items and the same merge request finishes it.
 */
export class MergeInProgressError extends ConflictError {
  override readonly code = 'merge-in-progress';
  constructor(entity: string, claim: { readonly masterId: string; readonly mergedIds: readonly string[] }) {
    super(`This ${entity} is held by the merge of ${claim.mergedIds.join(', ')} into ${claim.masterId}; if that merge was interrupted, send it again to finish it`,
      { masterId: claim.masterId, mergedIds: claim.mergedIds });
  }
}

/** A company has one primary contact: another live contact of the company holds it. */
export class PrimaryContactTakenError extends ConflictError {
  override readonly code = 'primary-contact-taken';
  constructor(companyId: string, existingId: string) {
    super(`Contact ${existingId} is the primary contact of company ${companyId}; unset it there first`, { companyId, existingId });
  }
}

/** Whether a contact is its company's primary contact (live, linked, flagged): the one the company's reservation names. */
export const holdsPrimary = (c: { primaryContact: boolean; companyId?: string | undefined; status: string; mergedInto?: string | undefined }): boolean =>
  c.primaryContact && !!c.companyId && c.status !== 'archived' && !c.mergedInto;
