import { z } from 'zod';
import { lineText } from './text-rules.js';

/**
 * The known custom fields and their types. A fixed table (not per-Space definitions yet): the
 * order engine reads `wholesale_discount_pct`, so its type and range must be guaranteed.
 */
export const CUSTOM_FIELD_TYPES = {
  wholesale_discount_pct: z.number().min(0).max(100),
  payment_terms_days: z.number().int().min(0).max(365),
  vat_id: lineText(64),
  customer_number: lineText(64),
  newsletter: z.boolean(),
} as const;

export type CustomFieldName = keyof typeof CUSTOM_FIELD_TYPES;
export type CustomFields = { readonly [K in CustomFieldName]?: z.output<(typeof CUSTOM_FIELD_TYPES)[K]> };

/** Validates custom fields; unknown names are rejected and named. `null` removes a field on patch. */
export const customFieldsSchema = z.strictObject(
  Object.fromEntries(Object.entries(CUSTOM_FIELD_TYPES).map(([k, t]) => [k, t.nullable().optional()])) as {
    [K in CustomFieldName]: z.ZodOptional<z.ZodNullable<(typeof CUSTOM_FIELD_TYPES)[K]>> },
);

/** Applies a patch of custom fields: `null` deletes, a value sets. */
export function mergeCustomFields(current: CustomFields, patch: Record<string, unknown>): CustomFields {
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  }
  return next as CustomFields;
}
