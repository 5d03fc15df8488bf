import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError, VersionMismatchError } from '../domain/errors.js';
import { DuplicateSkuError, type Product, type ProductStore } from '../domain/products/product.js';
import { putAudit } from './audit-store.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { productKey, productListPartition, productSkuKey } from './keys.js';
import { pageThrough, type Page } from './page-through.js';
import { itemDoesNotExist, onTable, transact, type TxItem } from './transact.js';
import { versionedUpdate } from './versioned-update.js';

type Item = Record<string, unknown>;
const KEY_ATTRS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity', 'v']);

/** Product record: all products by sku on GSI1, active ones by sku on GSI2 (sparse). */
export const productItem = (p: Product): Item => ({
  ...productKey(p.spaceId, p.id), entity: 'product', v: 1, ...p,
  gsi1pk: productListPartition(p.spaceId, 'all'), gsi1sk: `${p.sku}#${p.id}`,
  ...(p.active ? { gsi2pk: productListPartition(p.spaceId, 'active'), gsi2sk: `${p.sku}#${p.id}` } : {}),
});
const fromItem = (item: Item): Product => Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRS.has(k))) as unknown as Product;

const reserveSku = (p: Product): TxItem => ({
  action: { Put: { TableName: '', Item: { ...productSkuKey(p.spaceId, p.sku), entity: 'product-sku', v: 1, sku: p.sku, productId: p.id }, ConditionExpression: itemDoesNotExist } },
  onConditionFailed: (old) => new DuplicateSkuError(p.sku, String(old?.productId ?? '')),
});
const releaseSku = (p: Product): TxItem => ({
  action: { Delete: { TableName: '', Key: productSkuKey(p.spaceId, p.sku), ConditionExpression: 'productId = :me', ExpressionAttributeValues: { ':me': p.id } } },
});

export function createProductStore(t: TableRef = defaultTable()) {
  const store = {
    async getProduct(spaceId: string, id: string) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: productKey(spaceId, id), ConsistentRead: true }));
      return out.Item ? fromItem(out.Item) : undefined;
    },
    async createProduct(p, audit) {
      await transact(t, onTable(t.table, [
        { action: { Put: { TableName: '', Item: productItem(p), ConditionExpression: itemDoesNotExist } } }, reserveSku(p), putAudit(audit),
      ]));
    },
    async saveProduct(before, after, audit) {
      const skuMoves = before.sku !== after.sku ? [releaseSku(before), reserveSku(after)] : [];
      await transact(t, onTable(t.table, [
        {
          action: versionedUpdate(productKey(after.spaceId, after.id), productItem(after), before.version, ['gsi2pk', 'gsi2sk']),
          onConditionFailed: (old) => old ? new VersionMismatchError(Number(old.version)) : new NotFoundError('product'),
        },
        ...skuMoves, putAudit(audit),
      ]));
    },
    /** Products by sku; `active` reads the sparse active index. */
    listProducts(spaceId: string, query: { active?: boolean; limit: number; startKey?: Record<string, unknown> }): Promise<Page<Product>> {
      const index = query.active ? 'gsi2' : 'gsi1';
      return pageThrough<Product>(t, {
        limit: query.limit, ...(query.startKey ? { startKey: query.startKey } : {}), keyAttributes: ['pk', 'sk', `${index}pk`, `${index}sk`],
        query: { IndexName: index, KeyConditionExpression: `${index}pk = :p`, ExpressionAttributeValues: { ':p': productListPartition(spaceId, query.active ? 'active' : 'all') } },
        hydrate: async (items) => items.map(fromItem), accept: () => true,
      });
    },
    /** Every active product of the Space (the order-line parser's catalog). */
    async listActiveProducts(spaceId: string): Promise<Product[]> {
      const all: Product[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await t.client.send(new QueryCommand({
          TableName: t.table, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': productListPartition(spaceId, 'active') }, ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }));
        all.push(...(out.Items ?? []).map(fromItem));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return all;
    },
  } satisfies ProductStore & Record<string, unknown>;
  return store;
}

/** Every active product of the Space, by sku. */
export const listActiveProducts = (spaceId: string, t: TableRef = defaultTable()) => createProductStore(t).listActiveProducts(spaceId);
