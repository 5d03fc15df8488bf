import * as z from 'zod';
import { isCurrency } from '../../domain/money/currencies.js';
import { contract } from '../contract.js';
import { ETAG_NOTE, idParamsOf, pageFields, pageOf, productId } from './common.js';
import { pageExample, productExample, productView } from './crm-views.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const productFields = {
  sku: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/, 'letters, digits and . _ - / only, at most 64'),
  name: text(200),
  aliases: z.array(text(200)).max(50),
  unitAmount: z.number().int().min(0).max(99_999_999_999),
  currency: z.string().transform((c) => c.toUpperCase()).refine(isCurrency, 'is not a supported ISO 4217 currency'),
  active: z.boolean(),
};
export const createProductBody = z.strictObject({ ...productFields, aliases: productFields.aliases.optional(), active: productFields.active.optional() });
export const patchProductBody = z.strictObject(productFields).partial();
export const listProductsQuery = z.strictObject({
  active: z.enum(['true', 'false']).optional(),
  ...pageFields,
});

const tag = 'products';
const fn = 'products-api' as const;
const idParams = idParamsOf(productId);
const one = (description: string, status = 200) =>
  ({ [status]: { description, body: productView, example: productExample, headers: ['etag' as const] } });

export const listProductsOp = contract({
  operationId: 'listProducts', method: 'GET', path: '/products', fn, tag, summary: 'List the catalog by sku', query: listProductsQuery,
  description: '`active=true` lists only products that can be ordered; without it every product is listed.',
  responses: { 200: { description: 'One page of products', body: pageOf(productView), example: pageExample(productExample) } },
});
export const createProductOp = contract({
  operationId: 'createProduct', method: 'POST', path: '/products', fn, tag, summary: 'Create a product (admin)', body: createProductBody, role: 'admin',
  description: `The sku is unique per Space, case-insensitively (409 \`duplicate-sku\`). ${ETAG_NOTE}`,
  requestExample: { sku: 'W-L-BLK', name: 'Large Black Widget', aliases: ['black widget, large'], unitAmount: 1999, currency: 'usd' },
  responses: one('The new product', 201), problems: ['duplicate-sku', 'conflict'],
});
export const getProductOp = contract({
  operationId: 'getProduct', method: 'GET', path: '/products/{id}', fn, tag, summary: 'Read a product (ETag = version)', params: idParams,
  description: ETAG_NOTE, responses: one('The product'), problems: ['not-found'],
});
export const patchProductOp = contract({
  operationId: 'patchProduct', method: 'PATCH', path: '/products/{id}', fn, tag, summary: 'Change a product (admin, If-Match required)', params: idParams, body: patchProductBody, role: 'admin',
  description: 'Fields left out stay as they are; `active: true` reactivates a deactivated product. If-Match must carry the current version (428 without, 412 when stale).',
  requestHeaders: ['if-match'], requestExample: { unitAmount: 2199 },
  responses: one('The changed product'), problems: ['not-found', 'duplicate-sku', 'conflict'],
});
export const deactivateProductOp = contract({
  operationId: 'deactivateProduct', method: 'DELETE', path: '/products/{id}', fn, tag, summary: 'Deactivate a product (admin)', params: idParams, role: 'admin',
  description: 'DELETE deactivates: the product stays (orders refer to it) but drafts no longer offer it; PATCH `active: true` brings it back.',
  responses: one('The deactivated product'), problems: ['not-found', 'conflict'],
});

export const products = [listProductsOp, createProductOp, getProductOp, patchProductOp, deactivateProductOp];
