import type { StoredMessage } from '../threads/stored-message.js';
import { findCustomer, wholesaleDiscountOf, type CustomerLookup } from './customer-discount.js';
import { assertConvertible } from './order-errors.js';
import { draftOrder, type DraftOrder } from './draft-order.js';
import { parseOrderLines, type CatalogIndex, type ParsedOrder } from './parse-order-lines.js';
import type { PricedProduct } from './priced-product.js';

/** The Space's active catalog: the parser's index plus products by id. */
export interface PricedCatalog {
  readonly index: CatalogIndex;
  readonly prices: ReadonlyMap<string, PricedProduct>;
}

export type { DraftCustomer } from './customer-discount.js';

/** Reads a stored message with its whole text and, when it has one, its sanitized HTML part. */
export interface DraftMessageReader {
  /** @throws NotFoundError when the message is not in this Space. */
  getMessage(spaceId: string, id: string): Promise<StoredMessage & { readonly html?: string }>;
}

export interface DraftDeps extends CustomerLookup {
  readonly messages: DraftMessageReader;
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
  assertConvertible(message);
  const [catalog, contact] = await Promise.all([deps.catalog(input.spaceId), findCustomer(deps, input.spaceId, message)]);
  const parsed = readOrderMail(message, catalog.index);
  const pct = wholesaleDiscountOf(contact);
  return draftOrder({
    parsed, products: catalog.prices, customerEmail: contact?.emails[0] ?? message.from.address, subject: message.subject,
    ...(pct ? { discountPct: pct } : {}),
  });
}

/** The order lines of a stored mail; parseOrderLines picks the part to read (orderBody). */
export function readOrderMail(mail: { subject: string; text: string; html?: string }, index: CatalogIndex): ParsedOrder {
  return parseOrderLines({ subject: mail.subject, text: mail.text, ...(mail.html === undefined ? {} : { html: mail.html }) }, index);
}
