import type { FieldDefinition, FieldEntity } from '../domain/custom-fields/field-definition.js';
import type { IndexEntry } from '../domain/custom-fields/field-index.js';
import type { CustomFieldDeps } from '../domain/custom-fields/ports.js';

/** Custom-field definitions and index in memory, for unit tests of the contact and company use cases. */
export function createMemoryCustomFields(definitions: readonly FieldDefinition[] = []) {
  const entries = new Map<string, IndexEntry & { recordId: string; entity: FieldEntity }>();
  const keyOf = (e: IndexEntry, recordId: string) => `${e.fieldId}|${e.enc}|${recordId}`;
  const deps: CustomFieldDeps = {
    definitions: { listDefinitions: async (spaceId, entity) => definitions.filter((d) => d.spaceId === spaceId && d.entity === entity) },
    fieldIndex: {
      async putEntries(_s, entity, recordId, list) { for (const e of list) entries.set(keyOf(e, recordId), { ...e, recordId, entity }); },
      async deleteEntries(_s, _entity, recordId, list, _version) { for (const e of list) entries.delete(keyOf(e, recordId)); },
    },
  };
  return { deps, entries: () => [...entries.values()] };
}
