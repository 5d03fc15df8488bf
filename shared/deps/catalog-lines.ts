import type { CatalogReader } from '../domain/orders/confirm-order.js';
import type { PricedCatalog } from '../domain/orders/draft-from-message.js';
import type { PricedProduct } from '../domain/orders/priced-product.js';
import { buildCatalogIndex } from '../domain/orders/parse-order-lines.js';
import type { TableRef } from '../store/dynamo.js';
import { createProductStore } from '../store/product-store.js';

/** How long a container reuses a Space's catalog index (products change rarely; drafts are hot). */
export const CATALOG_CACHE_MS = 30_000;

/** The Space's active catalog, indexed for the parser and cached per Space for CATALOG_CACHE_MS. */
export function createCatalogCache(t: TableRef, now: () => number = Date.now) {
  const products = createProductStore(t);
  const cache = new Map<string, { at: number; catalog: Promise<PricedCatalog> }>();
  return async (spaceId: string) => {
    const hit = cache.get(spaceId);
    if (hit && now() - hit.at < CATALOG_CACHE_MS) return hit.catalog;
    const catalog = products.listActiveProducts(spaceId).then((list) => ({
      index: buildCatalogIndex(list),
      prices: new Map(list.map((p) => [p.id, p])),
    }));
    cache.set(spaceId, { at: now(), catalog });
    catalog.catch(() => cache.delete(spaceId));
    return catalog;
  };
}

/**
 * The products a confirm names, read consistently and uncached: a price changed a second ago is the
 * price the order must carry (the draft's cache may lag by CATALOG_CACHE_MS).
 */
export function createCatalogReader(t: TableRef): CatalogReader {
  const products = createProductStore(t);
  return async (spaceId, ids) => {
    const found = await Promise.all(ids.map((id) => products.getProduct(spaceId, id)));
    return new Map(found.flatMap((p): [string, PricedProduct][] => (p ? [[p.id, p]] : [])));
  };
}
