import { ConflictError } from '../errors.js';

/** A domain already belongs to another company of the Space. */
export class DuplicateDomainError extends ConflictError {
  override readonly code = 'duplicate-domain';
  constructor(domain: string, existingId: string) {
    super(`${domain} already belongs to company ${existingId}`, { existingId, domain });
  }
}
