import { lineTotal } from '../domain/money/money-math.js';
import { validateOrderLines } from '../domain/orders/validate-order-lines.js';
import type { LineChecker } from '../domain/orders/confirm-order.js';
import type { PricedCatalog } from '../domain/orders/draft-from-message.js';
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
 * Re-validates confirmed lines against the active catalog with the parser's validateOrderLines
 * (active product, sku, one currency, limits) and computes line amounts server-side.
 */
export function createCatalogLineChecker(t: TableRef, catalog = createCatalogCache(t)): LineChecker {
  return async (spaceId, lines, currency) => {
    const { prices } = await catalog(spaceId);
    const checked = validateOrderLines(lines, prices, currency);
    return {
      currency: checked.currency, total: checked.total,
      lines: lines.map((l) => ({ ...l, description: l.description.trim(), amount: lineTotal(l.unitAmount, l.quantity) })),
    };
  };
}
