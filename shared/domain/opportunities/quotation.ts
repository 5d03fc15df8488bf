import type { Actor } from '../audit/audit-entry.js';
import { ConflictError, VersionMismatchError, ValidationError } from '../errors.js';
import { applyDiscountPct } from '../money/money-math.js';
import type { CatalogReader } from '../orders/confirm-order.js';
import { wholesaleDiscountOf, type CustomerLookup } from '../orders/customer-discount.js';
import { priceLines } from '../orders/price-lines.js';
import type { Opportunity } from './opportunity.js';
import { loadOpportunity, save, type OpportunityDeps } from './opportunity-use-cases.js';

export interface QuotationDeps extends OpportunityDeps {
  readonly catalog: CatalogReader;
  readonly customers: CustomerLookup;
}

export interface QuotationLineInput {
  readonly productId?: string;
  readonly description?: string;
  readonly quantity: number;
  /** Defaults to the catalog price after the customer's discount; anything else needs an admin's priceOverride. */
  readonly unitAmount?: number;
  readonly priceOverride?: { readonly unitAmount: number; readonly reason: string };
}

/**
 * Prices a deal's quotation like an order: catalog lines at the catalog price after the wholesale
 * discount of the deal's first contact, read fresh; another price or a line without a product only
 * from an admin, with a reason (priceLines). The deal's amount and currency become the quotation's.
 * @throws NotFoundError, VersionMismatchError, ValidationError, ForbiddenError, PriceMismatchError,
 *   ConflictError once the quotation became an order
 */
export async function setQuotation(deps: QuotationDeps, actor: Actor & { role: 'admin' | 'staff' }, id: string, expectedVersion: number,
  input: { currency?: string; lines: readonly QuotationLineInput[] }): Promise<Opportunity> {
  const before = await loadOpportunity(deps, actor.spaceId, id);
  if (before.version !== expectedVersion) throw new VersionMismatchError(before.version);
  if (before.quotationOrderId) throw new ConflictError('The quotation became an order and can no longer change', { orderId: before.quotationOrderId });
  const productIds = [...new Set(input.lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const [catalog, customer] = await Promise.all([
    deps.catalog(actor.spaceId, productIds),
    before.contactIds[0] ? deps.customers.contactById(actor.spaceId, before.contactIds[0]) : undefined,
  ]);
  const discountPct = wholesaleDiscountOf(customer);
  const lines = input.lines.map((l, i) => {
    const product = l.productId ? catalog.get(l.productId) : undefined;
    const unitAmount = l.priceOverride?.unitAmount ?? l.unitAmount ?? (product ? applyDiscountPct(product.unitAmount, discountPct) : undefined);
    if (unitAmount === undefined) throw new ValidationError([{ pointer: `#/lines/${i}/unitAmount`, detail: 'is required on a line without a catalog product' }]);
    return { ...l, unitAmount, description: l.description ?? product?.name ?? '' };
  });
  const now = deps.rt.now().toISOString();
  const priced = priceLines(lines, catalog, { ...(input.currency ? { currency: input.currency } : {}), discountPct, caller: actor, at: now });
  const after: Opportunity = {
    ...before, amount: priced.total, currency: priced.currency, updatedAt: now, version: before.version + 1,
    quotation: { lines: priced.lines, currency: priced.currency, total: priced.total, ...(discountPct ? { discountPct } : {}), at: now, by: actor.userId },
  };
  return save(deps, actor, before, after);
}
