import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-entry.js';
import { VersionMismatchError } from '../../../../shared/domain/errors.js';
import { createProduct, patchProduct, type Product, type ProductDeps } from '../../../../shared/domain/products/product.js';

function memoryDeps() {
  const products = new Map<string, Product>();
  const audits: AuditEntry[] = [];
  let n = 0;
  const deps: ProductDeps = {
    rt: { now: () => new Date('2026-05-01T00:00:00Z'), newId: () => `P${++n}` },
    products: {
      getProduct: async (s, id) => { const p = products.get(id); return p?.spaceId === s ? p : undefined; },
      createProduct: async (p, a) => { products.set(p.id, p); audits.push(a); },
      saveProduct: async (before, after, a) => {
        if (products.get(before.id)?.version !== before.version) throw new VersionMismatchError(0);
        products.set(after.id, after); audits.push(a);
      },
    },
  };
  return { deps, audits };
}
const actor = { spaceId: 'S', userId: 'u1', requestId: 'r1' };

describe('catalog use cases', () => {
  it('stores the sku and currency upper-case and starts active', async () => {
    const { deps } = memoryDeps();

    const p = await createProduct(deps, actor, { sku: 'ab-1', name: 'Widget', unitAmount: 990, currency: 'eur' });

    expect(p).toMatchObject({ sku: 'AB-1', currency: 'EUR', active: true, aliases: [], version: 1 });
  });

  it('records a deactivation as its own audit action', async () => {
    const { deps, audits } = memoryDeps();
    const p = await createProduct(deps, actor, { sku: 'ab-1', name: 'Widget', unitAmount: 990, currency: 'EUR' });

    const off = await patchProduct(deps, actor, p.id, undefined, { active: false });

    expect(off).toMatchObject({ active: false, version: 2 });
    expect(audits.at(-1)).toMatchObject({ action: 'deactivate', changes: { active: { old: true, new: false } } });
  });

  it('refuses a stale If-Match version', async () => {
    const { deps } = memoryDeps();
    const p = await createProduct(deps, actor, { sku: 'ab-1', name: 'Widget', unitAmount: 990, currency: 'EUR' });

    await expect(patchProduct(deps, actor, p.id, 7, { name: 'X' })).rejects.toMatchObject({ code: 'version-mismatch', currentVersion: 1 });
  });
});
