import { ValidationError } from '../domain/errors.js';
import { IDEMPOTENCY_KEY, idempotencyKeyOf } from './contracts/orders.js';

/**
 * The request's Idempotency-Key as an input field: `{ idempotencyKey }` when one was sent, `{}` otherwise.
 * @throws ValidationError for a key that is not 1-128 visible ASCII characters
 */
export function idempotencyKeyInput(headers: Readonly<Record<string, string>>): { idempotencyKey?: string } {
  const key = idempotencyKeyOf(headers);
  if (key === undefined) return {};
  if (!IDEMPOTENCY_KEY.test(key)) throw new ValidationError([{ pointer: '#/headers/idempotency-key', detail: 'must be 1-128 visible ASCII characters' }]);
  return { idempotencyKey: key };
}
