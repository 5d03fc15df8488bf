import { z } from 'zod';
import { lineText, noteText } from '../../domain/contacts/text-rules.js';
import { FIELD_ENTITIES, FIELD_LIMITS as L, FIELD_TYPES, KEY_PATTERN } from '../../domain/custom-fields/field-definition.js';
import { isCurrency } from '../../domain/money/currencies.js';
import { contract } from '../contract.js';

/** Query parameters of a custom-field filter on GET /contacts and GET /companies. */
export const fieldFilterQuery = {
  /** A custom field id (`cf_...`); the field must have been defined filterable. */
  field: z.string().min(1).max(64).optional(),
  eq: z.string().max(1000).optional(),
  startsWith: z.string().min(1).max(L.filterableTextMax).optional(),
  min: z.string().max(40).optional(),
  max: z.string().max(40).optional(),
};

const key = z.string().max(L.key).regex(KEY_PATTERN, 'lowercase letters, digits and _, starting with a letter');
const option = z.strictObject({ key, label: lineText(L.label), archived: z.boolean().optional() });
const options = z.array(option).min(1).max(L.options);
const currency = z.string().refine(isCurrency, 'must be an ISO 4217 code such as EUR');

export const createFieldBody = z.strictObject({
  entity: z.enum(FIELD_ENTITIES),
  key,
  label: lineText(L.label),
  description: noteText(L.description).optional(),
  type: z.enum(FIELD_TYPES),
  filterable: z.boolean().default(false),
  options: options.optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  integer: z.boolean().optional(),
  maxLength: z.number().int().min(1).max(L.textMax).optional(),
  currency: currency.optional(),
});
export const patchFieldBody = z.strictObject({
  key, label: lineText(L.label), description: noteText(L.description).nullable(), options,
}).partial();

export const fieldView = z.object({
  id: z.string(), entity: z.enum(FIELD_ENTITIES), key: z.string(), label: z.string(), description: z.string().optional(),
  type: z.enum(FIELD_TYPES), filterable: z.boolean(), options: z.array(option).optional(),
  min: z.number().optional(), max: z.number().optional(), integer: z.boolean().optional(), maxLength: z.number().optional(),
  currency: z.string().optional(), status: z.enum(['active', 'archived']), builtIn: z.boolean().optional(),
  createdAt: z.string().optional(), updatedAt: z.string().optional(), version: z.number().int().optional(),
});
const fieldList = z.object({ items: z.array(fieldView), nextCursor: z.string().nullable() });

export const listFieldsQuery = z.strictObject({
  entity: z.enum(FIELD_ENTITIES),
  status: z.enum(['active', 'archived', 'all']).optional(),
  limit: z.coerce.number().int().min(1).optional(),
  cursor: z.string().max(4096).optional(),
});
const fieldParams = z.strictObject({ id: z.string().min(1).max(64) });

const base = { fn: 'settings-api', tag: 'settings' } as const;
export const listFieldsOp = contract({
  ...base, operationId: 'listCustomFields', method: 'GET', path: '/settings/custom-fields', query: listFieldsQuery, response: fieldList,
  summary: 'Custom fields of contacts or companies: the built-ins first, then the Space\'s own (active by default)',
});
export const createFieldOp = contract({
  ...base, operationId: 'createCustomField', method: 'POST', path: '/settings/custom-fields', role: 'admin', body: createFieldBody, response: fieldView,
  summary: 'Define a custom field; type, entity, filterable and currency are fixed once created (409 duplicate-field-key, 409 field-limit)',
});
export const getFieldOp = contract({
  ...base, operationId: 'getCustomField', method: 'GET', path: '/settings/custom-fields/{id}', params: fieldParams, response: fieldView,
  summary: 'Read a custom field (ETag = version; 404 not-found)',
});
export const patchFieldOp = contract({
  ...base, operationId: 'patchCustomField', method: 'PATCH', path: '/settings/custom-fields/{id}', role: 'admin', params: fieldParams, body: patchFieldBody, response: fieldView,
  summary: 'Rename a custom field or change its options, under If-Match; stored values keep their field id (412, 428, 409 duplicate-field-key)',
});
export const archiveFieldOp = contract({
  ...base, operationId: 'archiveCustomField', method: 'DELETE', path: '/settings/custom-fields/{id}', role: 'admin', params: fieldParams, response: fieldView,
  summary: 'Remove (archive) a custom field: stored values stay on their records, readable and restorable (404 not-found)',
});
export const restoreFieldOp = contract({
  ...base, operationId: 'restoreCustomField', method: 'POST', path: '/settings/custom-fields/{id}/restore', role: 'admin', params: fieldParams, response: fieldView,
  successStatus: 200, summary: 'Restore an archived custom field with its values (409 duplicate-field-key when its key was taken, 409 field-limit)',
});

export const customFields = [listFieldsOp, createFieldOp, getFieldOp, patchFieldOp, archiveFieldOp, restoreFieldOp];
