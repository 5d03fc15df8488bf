import { auditOf, diffFields, type Actor, type Runtime } from '../audit/audit-entry.js';
import { BUILT_IN_FIELD_IDS } from '../contacts/custom-fields.js';
import { NotFoundError, ValidationError, VersionMismatchError, type FieldIssue } from '../errors.js';
import type { CurrencyCode } from '../money/currencies.js';
import {
  FIELD_LIMITS, FIELD_ID_PREFIX, newFieldId, type FieldDefinition, type FieldEntity, type FieldOption, type FieldType,
} from './field-definition.js';
import type { FieldDefinitionStore } from './ports.js';

export interface DefineFieldDeps {
  readonly definitions: FieldDefinitionStore;
  readonly rt: Runtime;
}

export interface NewField {
  entity: FieldEntity;
  key: string;
  label: string;
  description?: string;
  type: FieldType;
  filterable: boolean;
  options?: readonly FieldOption[];
  min?: number;
  max?: number;
  integer?: boolean;
  maxLength?: number;
  currency?: CurrencyCode;
}

/** What may change after creation: names, description and the options (added, relabelled, archived). */
export interface FieldPatch {
  key?: string;
  label?: string;
  description?: string | null;
  options?: FieldOption[];
}

const AUDITED = ['key', 'label', 'description', 'options', 'status'] as const satisfies readonly (keyof FieldDefinition)[];
const isSelect = (t: FieldType) => t === 'single_select' || t === 'multi_select';

/** Rules that span several properties of a definition. */
function definitionIssues(d: NewField): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const issue = (pointer: string, detail: string) => issues.push({ pointer, detail });
  if (BUILT_IN_FIELD_IDS.has(d.key)) issue('#/key', 'is the name of a built-in field');
  if (d.key.startsWith(FIELD_ID_PREFIX)) issue('#/key', `must not start with ${FIELD_ID_PREFIX} (field ids do)`);
  if (isSelect(d.type) && !d.options?.some((o) => !o.archived)) issue('#/options', 'a select field needs at least one option');
  if (!isSelect(d.type) && d.options) issue('#/options', 'only select fields have options');
  const keys = (d.options ?? []).map((o) => o.key);
  keys.forEach((k, i) => { if (keys.indexOf(k) !== i) issue(`#/options/${i}/key`, 'repeats another option'); });
  if (d.type === 'money' && !d.currency) issue('#/currency', 'a money field needs its currency');
  if (d.type !== 'money' && d.currency) issue('#/currency', 'only money fields have a currency');
  if (d.type !== 'number' && (d.min !== undefined || d.max !== undefined || d.integer !== undefined)) issue('#/type', 'only number fields take min, max and integer');
  if (d.min !== undefined && d.max !== undefined && d.min > d.max) issue('#/min', 'must not be above max');
  if (d.type !== 'text' && d.maxLength !== undefined) issue('#/maxLength', 'only text fields have a maxLength');
  if (d.type === 'text' && d.filterable && (d.maxLength ?? 200) > FIELD_LIMITS.filterableTextMax) {
    issue('#/maxLength', `a filterable text field holds at most ${FIELD_LIMITS.filterableTextMax} characters`);
  }
  return issues;
}

/** Loads a definition of the Space. @throws NotFoundError */
export async function loadField(deps: Pick<DefineFieldDeps, 'definitions'>, spaceId: string, id: string): Promise<FieldDefinition> {
  const def = await deps.definitions.getDefinition(spaceId, id);
  if (!def) throw new NotFoundError('custom-field');
  return def;
}

/** Defines a field. @throws ValidationError, DuplicateFieldKeyError, FieldLimitError */
export async function createField(deps: DefineFieldDeps, actor: Actor, input: NewField): Promise<FieldDefinition> {
  const issues = definitionIssues(input);
  if (issues.length) throw new ValidationError(issues);
  const now = deps.rt.now().toISOString();
  const def: FieldDefinition = {
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as NewField,
    id: newFieldId(deps.rt.newId()), spaceId: actor.spaceId, status: 'active', createdAt: now, updatedAt: now, version: 1,
  };
  await deps.definitions.createDefinition(def, auditOf(deps.rt, actor, 'custom_field', def.id, 'create'));
  return def;
}

/**
 * Renames a field or changes its options under If-Match. Options are never dropped, because records
 * may hold them: an option that should go is archived instead.
 * @throws VersionMismatchError, ValidationError, DuplicateFieldKeyError, NotFoundError
 */
export async function patchField(deps: DefineFieldDeps, actor: Actor, id: string, expectedVersion: number, patch: FieldPatch): Promise<FieldDefinition> {
  const before = await loadField(deps, actor.spaceId, id);
  if (before.version !== expectedVersion) throw new VersionMismatchError(before.version);
  const draft: Record<string, unknown> = { ...before };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete draft[k];
    else if (v !== undefined) draft[k] = v;
  }
  const next = draft as unknown as FieldDefinition;
  const issues = definitionIssues(next);
  if (patch.options) {
    const kept = new Set(patch.options.map((o) => o.key));
    (before.options ?? []).forEach((o) => {
      if (!kept.has(o.key)) issues.push({ pointer: '#/options', detail: `keeps option ${o.key}: records may hold it; set archived: true instead` });
    });
  }
  if (issues.length) throw new ValidationError(issues);
  const changes = diffFields(before, next, AUDITED);
  if (Object.keys(changes).length === 0) return before;
  const after: FieldDefinition = { ...next, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 };
  await deps.definitions.saveDefinition(before, after, auditOf(deps.rt, actor, 'custom_field', id, 'update', { changes }));
  return after;
}

/**
 * Archives (removes) or restores a field. Stored values stay on every record, readable and
 * exported with it; an archived field takes no new values and its key is free for a new field.
 * Restoring takes the key back. Repeating either is a no-op.
 * @throws DuplicateFieldKeyError (restore, key taken meanwhile), FieldLimitError, NotFoundError
 */
export async function setFieldArchived(deps: DefineFieldDeps, actor: Actor, id: string, archived: boolean): Promise<FieldDefinition> {
  const before = await loadField(deps, actor.spaceId, id);
  const status = archived ? 'archived' : 'active';
  if (before.status === status) return before;
  const after: FieldDefinition = { ...before, status, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 };
  await deps.definitions.saveDefinition(before, after, auditOf(deps.rt, actor, 'custom_field', id, archived ? 'archive' : 'restore',
    { changes: { status: { old: before.status, new: status } } }));
  return after;
}
