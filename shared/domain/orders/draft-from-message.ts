import type { MessageReader } from '../threads/stored-message.js';
import { findCustomer, wholesaleDiscountOf, type CustomerLookup } from './customer-discount.js';
import { NotConvertibleError } from './order-errors.js';
import { draftOrder, type DraftOrder } from './draft-order.js';
import { parseOrderLines, type CatalogIndex } from './parse-order-lines.js';
import type { PricedProduct } from './priced-product.js';

/** The Space's active catalog: the parser's index plus products by id. */
export interface PricedCatalog {
  readonly index: CatalogIndex;
  readonly prices: ReadonlyMap<string, PricedProduct>;
}

export type { DraftCustomer } from './customer-discount.js';

export interface DraftDeps extends CustomerLookup {
  readonly messages: MessageReader;
  readonly catalog: (spaceId: string) => Promise<PricedCatalog>;
}

/**
 * POST /messages/{id}/draft-order: reads order lines from an inbound customer mail against the
 * Space's active catalog, applies the contact's wholesale discount (half-even in minor units) and
 * keeps one currency. Nothing is stored; the person confirms (and may edit) the draft.
 * @throws NotFoundError, NotConvertibleError
 */
export async function draftFromMessage(deps: DraftDeps, input: { spaceId: string; messageId: string }): Promise<DraftOrder> {
  const message = await deps.messages.getMessage(input.spaceId, input.messageId);
  if (message.direction !== 'inbound') throw new NotConvertibleError('outbound');
  if (message.automated) throw new NotConvertibleError('automated', { automated: message.automated });
  if (message.orderId) throw new NotConvertibleError('has-order', { orderId: message.orderId });
  const [catalog, contact] = await Promise.all([deps.catalog(input.spaceId), findCustomer(deps, input.spaceId, message)]);
  const parsed = parseOrderLines({ subject: message.subject, text: message.text }, catalog.index);
  const pct = wholesaleDiscountOf(contact);
  return draftOrder({
    parsed, products: catalog.prices, customerEmail: contact?.emails[0] ?? message.from.address, subject: message.subject,
    ...(pct ? { discountPct: pct } : {}),
  });
}
