import * as z from 'zod';
import type { FieldSpec, FieldValues } from '../custom-fields/field-definition.js';
import { lineText } from './text-rules.js';

/**
 * The built-in custom fields and the schema each value must pass: a fixed table, because the order
 * engine reads `wholesale_discount_pct`, so its type and range must be guaranteed.
 */
export const CUSTOM_FIELD_TYPES = {
  wholesale_discount_pct: z.number().min(0).max(100),
  payment_terms_days: z.number().int().min(0).max(365),
  vat_id: lineText(64),
  customer_number: lineText(64),
  newsletter: z.boolean(),
} as const;

/**
 * How the built-ins are described to clients (GET /settings/custom-fields): every Space has them,
 * on contacts and companies alike; their ids are their names and they cannot be renamed or
 * archived. Values are checked with CUSTOM_FIELD_TYPES. Space admins add their own fields beside
 * these (see shared/domain/custom-fields/).
 */
export const BUILT_IN_FIELDS: readonly FieldSpec[] = [
  { id: 'wholesale_discount_pct', key: 'wholesale_discount_pct', label: 'Wholesale discount (%)', type: 'number', min: 0, max: 100 },
  { id: 'payment_terms_days', key: 'payment_terms_days', label: 'Payment terms (days)', type: 'number', integer: true, min: 0, max: 365 },
  { id: 'vat_id', key: 'vat_id', label: 'VAT id', type: 'text', maxLength: 64 },
  { id: 'customer_number', key: 'customer_number', label: 'Customer number', type: 'text', maxLength: 64 },
  { id: 'newsletter', key: 'newsletter', label: 'Newsletter', type: 'bool' },
].map((f) => ({ ...f, status: 'active', builtIn: true, filterable: false }) as FieldSpec);

export const BUILT_IN_FIELD_IDS: ReadonlySet<string> = new Set(BUILT_IN_FIELDS.map((f) => f.id));

/** A record's custom-field values: field id (a built-in name or a `cf_` id) → value. */
export type CustomFields = FieldValues;

/**
 * The request shape of `customFields`: ids to values, `null` removing one. Values are checked
 * against the Space's definitions by the use cases (applyFieldPatch), which name each bad field.
 */
export const customFieldsSchema = z.record(z.string().min(1).max(64), z.unknown())
  .refine((v) => Object.keys(v).length <= 200, { message: 'at most 200 custom fields per request' });
