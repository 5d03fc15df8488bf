import type { CustomFieldDeps } from '../domain/custom-fields/ports.js';
import { createFieldDefinitionStore } from '../store/field-definition-store.js';
import { createFieldIndexStore } from '../store/field-index-store.js';
import type { TableRef } from '../store/dynamo.js';

/** Custom-field definitions and filter index on the table, for the contact and company use cases. */
export const customFieldDeps = (t?: TableRef): CustomFieldDeps => ({
  definitions: createFieldDefinitionStore(t), fieldIndex: createFieldIndexStore(t),
});
