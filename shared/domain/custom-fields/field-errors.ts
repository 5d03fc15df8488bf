import { ConflictError } from '../errors.js';

/** Another active field of the same entity already has this key. */
export class DuplicateFieldKeyError extends ConflictError {
  override readonly code = 'duplicate-field-key';
  constructor(key: string, existingId: string) {
    super(`Another active field already has the key ${key}`, { key, existingId });
  }
}

/** The entity already has as many active (or filterable) fields as a Space may define. */
export class FieldLimitError extends ConflictError {
  override readonly code = 'field-limit';
  constructor(entity: string, which: 'active' | 'filterable', limit: number) {
    super(`A Space may have at most ${limit} ${which} ${entity} fields; archive one first`, { limit, which });
  }
}
