import { BUILT_IN_FIELDS } from '../contacts/custom-fields.js';
import type { FieldEntity, FieldSpec, FieldValues } from './field-definition.js';
import { planFieldIndex } from './field-index.js';
import { applyFieldPatch } from './field-values.js';
import type { CustomFieldDeps } from './ports.js';

/** The built-ins and every definition (active and archived) of the Space for the entity. */
export const fieldSpecsOf = async (deps: Pick<CustomFieldDeps, 'definitions'>, spaceId: string, entity: FieldEntity): Promise<FieldSpec[]> =>
  [...BUILT_IN_FIELDS, ...(await deps.definitions.listDefinitions(spaceId, entity))];

/** A record's checked custom-field values and the index writes that go with saving them. */
export interface PreparedFields {
  readonly values: FieldValues;
  /**
   * Runs the record's own write between the index writes: new entries first, stale ones after.
   * A crash in between leaves an extra entry, which list reads check against the record and skip;
   * it never leaves a value without its entry.
   */
  save<T>(recordId: string, version: number, write: () => Promise<T>): Promise<T>;
}

/**
 * Checks a patch of custom-field values against the Space's definitions and plans the index.
 * @throws ValidationError naming each refused field.
 */
export async function prepareFields(deps: CustomFieldDeps, spaceId: string, entity: FieldEntity, current: FieldValues,
  patch: Readonly<Record<string, unknown>>): Promise<PreparedFields> {
  const specs = await fieldSpecsOf(deps, spaceId, entity);
  const values = applyFieldPatch(specs, current, patch);
  const plan = planFieldIndex(specs, current, values);
  return {
    values,
    async save(recordId, version, write) {
      await deps.fieldIndex.putEntries(spaceId, entity, recordId, plan.puts);
      const result = await write();
      await deps.fieldIndex.deleteEntries(spaceId, entity, recordId, plan.deletes, version);
      return result;
    },
  };
}

/** For records written without custom-field changes: no index work. */
export const unchangedFields = (values: FieldValues): PreparedFields => ({ values, save: (_id, _version, write) => write() });
