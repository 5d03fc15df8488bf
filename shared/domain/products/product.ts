import { auditOf, diffFields, type Actor, type AuditEntry, type Runtime } from '../audit/audit-entry.js';
import { ConflictError, NotFoundError, VersionMismatchError } from '../errors.js';

/** A catalog item; the sku is unique per Space, case-insensitively, and stored uppercase. */
export interface Product {
  readonly id: string;
  readonly spaceId: string;
  readonly sku: string;
  readonly name: string;
  readonly aliases: readonly string[];
  /** Integer minor units (cents). */
  readonly unitAmount: number;
  /** ISO 4217, uppercase. */
  readonly currency: string;
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export type ProductFields = Pick<Product, 'sku' | 'name' | 'aliases' | 'unitAmount' | 'currency' | 'active'>;
const AUDITED: readonly (keyof Product & string)[] = ['sku', 'name', 'aliases', 'unitAmount', 'currency', 'active'];

/** A sku is already used by another product of the Space. */
export class DuplicateSkuError extends ConflictError {
  override readonly code = 'duplicate-sku';
  constructor(sku: string, existingId: string) {
    super(`${sku} already belongs to product ${existingId}`, { existingId, sku });
  }
}

export interface ProductStore {
  getProduct(spaceId: string, id: string): Promise<Product | undefined>;
  /** @throws DuplicateSkuError */
  createProduct(p: Product, audit: AuditEntry): Promise<void>;
  /** @throws VersionMismatchError, DuplicateSkuError */
  saveProduct(before: Product, after: Product, audit: AuditEntry): Promise<void>;
}

export interface ProductDeps { readonly products: ProductStore; readonly rt: Runtime }

/** @throws NotFoundError (same for another Space's id). */
export async function loadProduct(deps: Pick<ProductDeps, 'products'>, spaceId: string, id: string): Promise<Product> {
  const p = await deps.products.getProduct(spaceId, id);
  if (!p) throw new NotFoundError('product');
  return p;
}

/** Creates a product, reserving its sku. @throws DuplicateSkuError */
export async function createProduct(deps: ProductDeps, actor: Actor, input: Omit<ProductFields, 'aliases' | 'active'> & Partial<ProductFields>): Promise<Product> {
  const now = deps.rt.now().toISOString();
  const product: Product = {
    id: deps.rt.newId(), spaceId: actor.spaceId, sku: input.sku.toUpperCase(), name: input.name, aliases: [...new Set(input.aliases ?? [])],
    unitAmount: input.unitAmount, currency: input.currency.toUpperCase(), active: input.active ?? true, createdAt: now, updatedAt: now, version: 1,
  };
  await deps.products.createProduct(product, auditOf(deps.rt, actor, 'product', product.id, 'create'));
  return product;
}

/** Changes fields; `expectedVersion` (If-Match) must be current. Deactivating is `{ active: false }`. */
export async function patchProduct(deps: ProductDeps, actor: Actor, id: string, expectedVersion: number | undefined, patch: Partial<ProductFields>): Promise<Product> {
  const before = await loadProduct(deps, actor.spaceId, id);
  if (expectedVersion !== undefined && before.version !== expectedVersion) throw new VersionMismatchError(before.version);
  const draft = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Product;
  const after: Product = { ...draft, sku: draft.sku.toUpperCase(), currency: draft.currency.toUpperCase() };
  const changes = diffFields(before, after, AUDITED);
  if (Object.keys(changes).length === 0) return before;
  const saved = { ...after, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 };
  const action = patch.active === false && Object.keys(changes).length === 1 ? 'deactivate' : 'update';
  await deps.products.saveProduct(before, saved, auditOf(deps.rt, actor, 'product', id, action, { changes }));
  return saved;
}

export function toProductView(p: Product) {
  const { spaceId: _s, ...rest } = p;
  return rest;
}
