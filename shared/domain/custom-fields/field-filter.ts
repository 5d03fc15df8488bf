import { ValidationError } from '../errors.js';
import type { FieldEntity, FieldSpec } from './field-definition.js';
import { fieldConditionOf, type FieldCondition, type FieldFilterInput } from './field-index.js';
import type { CustomFieldDeps } from './ports.js';
import { fieldSpecsOf } from './record-fields.js';

/** A list request's custom-field filter, resolved against the Space's definitions. */
export interface FieldFilter {
  readonly spec: FieldSpec;
  readonly condition: FieldCondition;
}

/**
 * Resolves `field` (a field id) and its operator. Archived fields stay filterable: their values
 * are kept, and finding the records that hold them is how they get exported or cleaned up.
 * @throws ValidationError when the field is unknown, not filterable, or the operator does not fit.
 */
export async function resolveFieldFilter(deps: Pick<CustomFieldDeps, 'definitions'>, spaceId: string, entity: FieldEntity,
  input: FieldFilterInput & { readonly field: string }): Promise<FieldFilter> {
  const specs = await fieldSpecsOf(deps, spaceId, entity);
  const spec = specs.find((s) => s.id === input.field);
  if (!spec) {
    const byKey = specs.find((s) => s.key === input.field && !s.builtIn);
    throw new ValidationError([{ pointer: '#/field', detail: byKey ? `no such field id; the field with key ${input.field} has id ${byKey.id}` : `no such ${entity} field` }]);
  }
  return { spec, condition: fieldConditionOf(spec, input) };
}

/**
 * The field filter of a list request, if it has one. Other list modes (search, a company's
 * contacts, dormancy, sorts) read their own index and cannot be combined with it; operators
 * without `field` are refused rather than ignored.
 * @throws ValidationError
 */
export async function fieldFilterOf(deps: Pick<CustomFieldDeps, 'definitions'>, spaceId: string, entity: FieldEntity,
  query: FieldFilterInput & { readonly field?: string | undefined; readonly [other: string]: unknown }, exclusive: readonly string[]): Promise<FieldFilter | undefined> {
  if (query.field === undefined) {
    const stray = (['eq', 'startsWith', 'min', 'max'] as const).filter((k) => query[k] !== undefined);
    if (stray.length) throw new ValidationError(stray.map((k) => ({ pointer: `#/${k}`, detail: 'filters a custom field: name it with field=<id>' })));
    return undefined;
  }
  const clash = exclusive.filter((k) => query[k] !== undefined);
  if (clash.length) throw new ValidationError(clash.map((k) => ({ pointer: `#/${k}`, detail: 'cannot be combined with a custom-field filter (field=...)' })));
  return resolveFieldFilter(deps, spaceId, entity, { ...query, field: query.field });
}
