import { ConflictError } from '../errors.js';

/** Only a won deal with a quotation becomes an order. */
export class OpportunityNotOrderableError extends ConflictError {
  override readonly code = 'opportunity-not-orderable';
  constructor(reason: 'not-won' | 'no-quotation') {
    super(reason === 'not-won' ? 'Only a won opportunity becomes an order; move it to a won stage first' : 'The opportunity has no quotation to order', { reason });
  }
}
