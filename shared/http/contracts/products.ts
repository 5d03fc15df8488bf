import { z } from 'zod';
import { isCurrency } from '../../domain/money/currencies.js';
import { contract } from '../contract.js';
import { idParams } from './contacts.js';

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
  limit: z.coerce.number().int().min(1).optional(),
  cursor: z.string().max(4096).optional(),
});

const tag = 'products';
const fn = 'products-api' as const;
export const listProductsOp = contract({ operationId: 'listProducts', method: 'GET', path: '/products', fn, tag, summary: 'List the catalog by sku', query: listProductsQuery });
export const createProductOp = contract({ operationId: 'createProduct', method: 'POST', path: '/products', fn, tag, summary: 'Create a product (admin)', body: createProductBody, role: 'admin' });
export const getProductOp = contract({ operationId: 'getProduct', method: 'GET', path: '/products/{id}', fn, tag, summary: 'Read a product (ETag = version)', params: idParams });
export const patchProductOp = contract({ operationId: 'patchProduct', method: 'PATCH', path: '/products/{id}', fn, tag, summary: 'Change a product (admin, If-Match required)', params: idParams, body: patchProductBody, role: 'admin' });
export const deactivateProductOp = contract({ operationId: 'deactivateProduct', method: 'DELETE', path: '/products/{id}', fn, tag, summary: 'Deactivate a product (admin)', params: idParams, role: 'admin' });

export const products = [listProductsOp, createProductOp, getProductOp, patchProductOp, deactivateProductOp];
