import { DomainError } from '../errors.js';

/** The message item already exists: the same mail was linked before (another folder, a retry). */
export class MessageExistsError extends DomainError {
  readonly code = 'message-exists';
  constructor(readonly existing: { readonly contentSha256?: string; readonly linkState?: string }) {
    super('The message is already stored');
  }
}

/** A claim check points at an object that is not (or no longer) in the bucket. */
export class BlobNotFoundError extends DomainError {
  readonly code = 'blob-not-found';
  constructor(readonly key: string) {
    super('The stored mail object is missing');
  }
}
