import * as z from 'zod';
import { lineText, noteText } from '../../domain/contacts/text-rules.js';
import { FIELD_ENTITIES, FIELD_LIMITS as L, FIELD_TYPES, KEY_PATTERN } from '../../domain/custom-fields/field-definition.js';
import { isCurrency } from '../../domain/money/currencies.js';
import { contract } from '../contract.js';
import { pageFields, pageOf } from './common.js';

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
const fieldList = pageOf(fieldView);

export const listFieldsQuery = z.strictObject({
  entity: z.enum(FIELD_ENTITIES),
  status: z.enum(['active', 'archived', 'all']).optional(),
  ...pageFields,
});
const fieldParams = z.strictObject({ id: z.string().min(1).max(64) });

const fieldExample = {
  id: 'cf_01jdq3m6n8v4w2x5y7z9a1b3c5', entity: 'contact', key: 'industry', label: 'Industry', type: 'single_select', filterable: true,
  options: [{ key: 'retail', label: 'Retail' }, { key: 'wholesale', label: 'Wholesale' }, { key: 'hospitality', label: 'Hospitality', archived: true }],
  status: 'active', createdAt: '2026-11-29T09:00:00.000Z', updatedAt: '2026-11-29T09:00:00.000Z', version: 1,
};
const listExample = {
  items: [{ id: 'wholesale_discount_pct', entity: 'contact', key: 'wholesale_discount_pct', label: 'Wholesale discount %', type: 'number', filterable: false, min: 0, max: 100, status: 'active', builtIn: true }, fieldExample],
  nextCursor: null,
};
const one = (description: string, status = 200) => ({ [status]: { description, body: fieldView, example: fieldExample, headers: ['etag' as const] } });
const KEPT = 'Values are stored on records under the field id, so no change here loses one: see docs/crm.md "Custom fields".';
const base = { fn: 'settings-api', tag: 'settings' } as const;
export const listFieldsOp = contract({
  ...base, operationId: 'listCustomFields', method: 'GET', path: '/settings/custom-fields', query: listFieldsQuery,
  summary: 'Custom fields of contacts or companies: the built-ins first, then the Space\'s own (active by default)',
  description: `Built-ins (id = key, \`builtIn: true\`) come on the first page, then the Space's fields oldest first; \`status=archived\` or \`all\` lists removed ones. ${KEPT}`,
  responses: { 200: { description: 'A page of definitions', body: fieldList, example: listExample } },
});
export const createFieldOp = contract({
  ...base, operationId: 'createCustomField', method: 'POST', path: '/settings/custom-fields', role: 'admin', body: createFieldBody,
  requestExample: { entity: 'contact', key: 'industry', label: 'Industry', type: 'single_select', filterable: true, options: [{ key: 'retail', label: 'Retail' }, { key: 'wholesale', label: 'Wholesale' }] },
  summary: 'Define a custom field; type, entity, filterable and currency are fixed once created (409 duplicate-field-key, 409 field-limit)',
  description: 'At most 100 active fields per entity, 25 of them filterable. The key is unique among the entity\'s active fields and may not be a built-in name. Audited as `custom_field:<id>`.',
  responses: one('The new definition (ETag = version)', 201), problems: ['duplicate-field-key', 'field-limit'],
});
export const getFieldOp = contract({
  ...base, operationId: 'getCustomField', method: 'GET', path: '/settings/custom-fields/{id}', params: fieldParams,
  summary: 'Read a custom field (ETag = version; 404 not-found)', description: `Active or archived. ${KEPT}`,
  responses: one('The definition'), problems: ['not-found'],
});
export const patchFieldOp = contract({
  ...base, operationId: 'patchCustomField', method: 'PATCH', path: '/settings/custom-fields/{id}', role: 'admin', params: fieldParams, body: patchFieldBody,
  requestHeaders: ['if-match'], requestExample: { label: 'Sector', options: [{ key: 'retail', label: 'Retail' }, { key: 'wholesale', label: 'Wholesale', archived: true }] },
  summary: 'Rename a custom field or change its options, under If-Match; stored values keep their field id (412, 428, 409 duplicate-field-key)',
  description: `Key, label, description and options may change. An option cannot be dropped, only archived (records may hold it). ${KEPT}`,
  responses: one('The changed definition'), problems: ['not-found', 'duplicate-field-key'],
});
export const archiveFieldOp = contract({
  ...base, operationId: 'archiveCustomField', method: 'DELETE', path: '/settings/custom-fields/{id}', role: 'admin', params: fieldParams,
  summary: 'Remove (archive) a custom field: stored values stay on their records, readable and restorable (404 not-found)',
  description: 'The values stay on every record, in reads, lists and filters; the field takes no new values and its key is free. Repeating is a no-op.',
  responses: one('The archived definition'), problems: ['not-found'],
});
export const restoreFieldOp = contract({
  ...base, operationId: 'restoreCustomField', method: 'POST', path: '/settings/custom-fields/{id}/restore', role: 'admin', params: fieldParams,
  successStatus: 200, summary: 'Restore an archived custom field with its values (409 duplicate-field-key when its key was taken, 409 field-limit)',
  description: 'Brings the field back with every value it had. Repeating is a no-op.',
  responses: one('The restored definition'), problems: ['not-found', 'duplicate-field-key', 'field-limit'],
});

export const customFields = [listFieldsOp, createFieldOp, getFieldOp, patchFieldOp, archiveFieldOp, restoreFieldOp];
