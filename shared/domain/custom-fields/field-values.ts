import * as z from 'zod';
import { CUSTOM_FIELD_TYPES } from '../contacts/custom-fields.js';
import { lineText } from '../contacts/text-rules.js';
import { ValidationError, type FieldIssue } from '../errors.js';
import { FIELD_LIMITS, type FieldSpec, type FieldValues } from './field-definition.js';

const optionKeys = (spec: FieldSpec, current: unknown): Set<string> => new Set([
  ...(spec.options ?? []).filter((o) => !o.archived).map((o) => o.key),
  // A value the record already holds stays acceptable after its option was archived.
  ...(Array.isArray(current) ? current.map(String) : typeof current === 'string' ? [current] : []),
]);

/** The schema one value of `spec` must pass; `current` is the record's value before the change. */
export function valueSchemaOf(spec: FieldSpec, current?: unknown): z.ZodType {
  if (spec.builtIn && Object.hasOwn(CUSTOM_FIELD_TYPES, spec.id)) return CUSTOM_FIELD_TYPES[spec.id as keyof typeof CUSTOM_FIELD_TYPES];
  switch (spec.type) {
    case 'text': return lineText(spec.maxLength ?? 200);
    case 'number': {
      let n = z.number().finite();
      if (spec.integer) n = n.int();
      if (spec.min !== undefined) n = n.min(spec.min);
      if (spec.max !== undefined) n = n.max(spec.max);
      return n;
    }
    case 'date': return z.iso.date();
    case 'bool': return z.boolean();
    case 'single_select': {
      const keys = optionKeys(spec, current);
      return z.string().refine((v) => keys.has(v), { message: `must be one of: ${[...keys].join(', ')}` });
    }
    case 'multi_select': {
      const keys = optionKeys(spec, current);
      return z.array(z.string().refine((v) => keys.has(v), { message: `must be one of: ${[...keys].join(', ')}` }))
        .min(1).max(FIELD_LIMITS.selected)
        .refine((a) => new Set(a).size === a.length, { message: 'must not repeat an option' });
    }
    case 'money': return z.strictObject({
      amount: z.number().int().min(-1e15).max(1e15),
      currency: z.literal(spec.currency ?? 'EUR', { message: `must be ${spec.currency}` }),
    });
  }
}

const pointerOf = (id: string, path: readonly PropertyKey[]) => `#/customFields/${[id, ...path.map(String)].join('/')}`;

/**
 * Applies a patch of custom-field values (field id → value, `null` removes) to `current`, checking
 * every value against its definition. A value for an archived field is refused (restore the field
 * first); removing one is allowed, since that is the user's explicit choice.
 * @throws ValidationError naming each refused field (`#/customFields/<id>`).
 */
export function applyFieldPatch(specs: readonly FieldSpec[], current: FieldValues, patch: Readonly<Record<string, unknown>>): FieldValues {
  const byId = new Map(specs.map((s) => [s.id, s]));
  const issues: FieldIssue[] = [];
  const next: Record<string, unknown> = { ...current };
  for (const [id, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const spec = byId.get(id);
    if (!spec) {
      const byKey = specs.find((s) => s.key === id && !s.builtIn);
      issues.push({ pointer: pointerOf(id, []), detail: byKey ? `no such custom field; the field with key ${id} has id ${byKey.id}` : 'no such custom field' });
      continue;
    }
    if (value === null) {
      delete next[id];
      continue;
    }
    if (spec.status === 'archived') {
      issues.push({ pointer: pointerOf(id, []), detail: 'this field is archived; restore it before setting values' });
      continue;
    }
    const parsed = valueSchemaOf(spec, current[id]).safeParse(value);
    if (parsed.success) next[id] = parsed.data;
    else issues.push(...parsed.error.issues.map((i) => ({ pointer: pointerOf(id, i.path), detail: i.message })));
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return next;
}
