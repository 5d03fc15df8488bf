import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Product } from '../../shared/domain/products/product.js';
import type { TableRef } from '../../shared/store/dynamo.js';
import { productItem } from '../../shared/store/product-store.js';

const COLOURS = ['Black', 'White', 'Red', 'Blue', 'Green'];
const SIZES = ['Small', 'Medium', 'Large'];

/** A catalog of `count` active USD products: the widget of the sample mail plus numbered ones. */
export async function batchPut(t: TableRef, spaceId: string, count: number): Promise<void> {
  const now = new Date().toISOString();
  const products: Product[] = Array.from({ length: count }, (_, i) => ({
    id: `p${i}`, spaceId, sku: i === 0 ? 'W-L-BLK' : `SKU-${String(i).padStart(4, '0')}`,
    name: i === 0 ? 'Large Black Widget' : `${SIZES[i % 3]} ${COLOURS[i % 5]} Product ${i}`,
    aliases: [], unitAmount: 500 + i, currency: 'USD', active: true, createdAt: now, updatedAt: now, version: 1,
  }));
  for (let i = 0; i < products.length; i += 25) {
    await t.client.send(new BatchWriteCommand({ RequestItems: { [t.table]: products.slice(i, i + 25).map((p) => ({ PutRequest: { Item: productItem(p) } })) } }));
  }
}
