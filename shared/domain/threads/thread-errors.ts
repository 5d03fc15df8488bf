import { DomainError } from '../errors.js';

/** The message item already exists: the same mail was linked before (another folder, a retry). */
export class MessageExistsError extends DomainError {
  readonly code = 'message-exists';
  constructor(readonly existing: { readonly contentSha256?: string; readonly linkState?: string }) {
    super('The message is already stored');
  }
}

/** Staff deleted this mail from the mailbox: its identity is a tombstone, and no sync imports it again. */
export class MessageDeletedError extends DomainError {
  readonly code = 'message-deleted';
  constructor() {
    super('The message was deleted');
  }
}

/**
 * Another linker holds the identity claim of this same mail and has not stored it yet: the record
 * is tried again later, when the mail is stored (a duplicate) or the claim has lapsed.
 */
export class MessageLinkingError extends DomainError {
  readonly code = 'message-linking';
  constructor(readonly spaceId: string, readonly id: string) {
    super('The message is being linked by another linker');
  }
}

/** A claim check points at an object that is not (or no longer) in the bucket. */
export class BlobNotFoundError extends DomainError {
  readonly code = 'blob-not-found';
  constructor(readonly key: string) {
    super('The stored mail object is missing');
  }
}

/** Staff deleted the thread: new mail does not join it (addToLiveThread opens its successor). */
export class ThreadDeletedError extends DomainError {
  readonly code = 'thread-deleted';
  constructor(readonly threadId: string) {
    super('The thread was deleted');
  }
}
