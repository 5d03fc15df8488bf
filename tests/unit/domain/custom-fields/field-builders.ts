import type { FieldDefinition } from '../../../../shared/domain/custom-fields/field-definition.js';

/** A Space field definition with overrides (text, active, not filterable by default). */
export const aField = (overrides: Partial<FieldDefinition> = {}): FieldDefinition => ({
  id: 'cf_01', spaceId: 'S', entity: 'contact', key: 'shoe_size', label: 'Shoe size', type: 'text', filterable: false,
  status: 'active', createdAt: '2026-05-01T00:00:00.000Z', updatedAt: '2026-05-01T00:00:00.000Z', version: 1, ...overrides,
});
