import { captureIdOf, ContactPendingReviewError, type CaptureStore } from '../contacts/capture.js';
import type { MessageReader, StoredMessage } from '../threads/stored-message.js';
import { assertNotComplained, findCustomer, wholesaleDiscountOf, type CustomerLookup } from './customer-discount.js';
import { fingerprintOf, orderIdFor, type ConfirmBody } from './order-identity.js';
import { assertConvertible, IdempotencyKeyReusedError, MessageHasOrderError, NotChargeableError } from './order-errors.js';
import { assertEmailBudgetLeft } from './payment-email-limits.js';
import { auditFor, ensureCheckout, ensureEmailSent, ensureLinked, type OrderStepDeps } from './order-steps.js';
import type { Order } from './order.js';
import { priceLines } from './price-lines.js';
import type { PricedProduct } from './priced-product.js';

/** The Space's products with these ids, read fresh (a confirm must not price from a cache); missing ids are absent. */
export type CatalogReader = (spaceId: string, productIds: readonly string[]) => Promise<ReadonlyMap<string, PricedProduct>>;

export interface ConfirmOrderDeps extends OrderStepDeps {
  readonly messages: MessageReader;
  readonly catalog: CatalogReader;
  readonly customers: CustomerLookup;
  /** Captured contacts: an address waiting for review gets no payment email. */
  readonly captures: Pick<CaptureStore, 'getCapture'>;
}

export interface ConfirmOrderInput extends ConfirmBody {
  readonly spaceId: string;
  readonly userId: string;
  readonly role: 'admin' | 'staff';
  readonly idempotencyKey?: string;
}

/**
 * Confirms a draft: creates the order (once, whatever the number of concurrent or repeated calls),
 * opens its checkout, emails the link once and links the order to the thread. Each step is recorded
 * on the order, so a retry of the same request finishes what a failed one started.
 * Lines are priced from the catalog and the customer's discount (see priceLines).
 * @throws NotConvertibleError, MessageHasOrderError, IdempotencyKeyReusedError; before anything is
 *   stored ValidationError, ForbiddenError, PriceMismatchError, NotChargeableError, ContactPendingReviewError, AddressComplainedError,
 *   PaymentEmailLimitError; after, with the order kept, OrderStepFailedError (naming the step that
 *   failed) or PaymentEmailLimitError (naming the order)
 */
export async function confirmOrder(deps: ConfirmOrderDeps, input: ConfirmOrderInput): Promise<{ order: Order; created: boolean }> {
  const id = orderIdFor(input.spaceId, input.messageId, input.idempotencyKey);
  const fingerprint = fingerprintOf(input);
  const message = await deps.messages.getMessage(input.spaceId, input.messageId);
  assertConvertible(message, id);
  const existing = await deps.orders.getOrder(input.spaceId, id);
  let order: Order;
  let created = false;
  if (existing) {
    order = existing;
  } else {
    await assertNotPendingReview(deps.captures, input.spaceId, input.customerEmail);
    await assertNotComplained(deps.customers, input.spaceId, input.customerEmail);
    const fresh = await newOrder(deps, input, message, id, fingerprint);
    await assertEmailBudgetLeft(deps.emailQuota, input.spaceId, deps.runtime.now());
    ({ order, created } = await deps.orders.createOrder(fresh, auditFor(deps, 'create', input.userId, createDetails(fresh))));
  }
  if (order.fingerprint !== fingerprint) {
    throw input.idempotencyKey ? new IdempotencyKeyReusedError(order.id) : new MessageHasOrderError(order.id);
  }
  order = await ensureCheckout(deps, order, input.userId);
  order = await ensureEmailSent(deps, order, input.userId);
  order = await ensureLinked(deps, order, input.userId);
  return { order, created };
}

/** Nothing is sent to a captured contact that staff have not approved yet. */
async function assertNotPendingReview(captures: ConfirmOrderDeps['captures'], spaceId: string, customerEmail: string): Promise<void> {
  const id = captureIdOf(spaceId, customerEmail);
  const capture = await captures.getCapture(spaceId, id);
  if (capture?.state === 'pending') throw new ContactPendingReviewError(capture.address, id);
}

async function newOrder(deps: ConfirmOrderDeps, input: ConfirmOrderInput, message: StoredMessage, id: string, fingerprint: string): Promise<Order> {
  const now = deps.runtime.now().toISOString();
  const productIds = [...new Set(input.lines.flatMap((l) => (l.productId === undefined ? [] : [l.productId])))];
  const [catalog, customer] = await Promise.all([deps.catalog(input.spaceId, productIds), findCustomer(deps.customers, input.spaceId, message)]);
  const discountPct = wholesaleDiscountOf(customer);
  const checked = priceLines(input.lines, catalog, {
    ...(input.currency ? { currency: input.currency } : {}), discountPct, caller: { userId: input.userId, role: input.role }, at: now,
  });
  const refusals = deps.payments.chargeIssues({ currency: checked.currency, lines: checked.lines });
  if (refusals.length > 0) throw new NotChargeableError(refusals);
  return {
    spaceId: input.spaceId, id, channel: 'crm_email', status: 'awaiting_payment',
    messageId: message.id, threadId: message.threadId,
    customerEmail: input.customerEmail.trim(), memo: input.memo.trim(),
    ...(customer?.id ? { contactId: customer.id } : {}), ...(customer?.companyId ? { companyId: customer.companyId } : {}),
    currency: checked.currency, lines: checked.lines, total: checked.total, ...(discountPct ? { discountPct } : {}),
    fingerprint, ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
    checkoutAttempt: 1, steps: {},
    history: [{ status: 'awaiting_payment', at: now, cause: 'confirm' }],
    createdBy: input.userId, createdAt: now, updatedAt: now,
  };
}

/** The create audit row names every price that is not the catalog's, so overrides are found without reading orders. */
function createDetails(order: Order): Record<string, unknown> | undefined {
  const priceOverrides = order.lines.flatMap((l, line) => (l.priceOverride ? [{
    line, ...(l.productId ? { productId: l.productId } : {}), unitAmount: l.unitAmount, reason: l.priceOverride.reason,
    ...(l.priceOverride.catalogUnitAmount !== undefined ? { catalogUnitAmount: l.priceOverride.catalogUnitAmount } : {}),
  }] : []));
  return priceOverrides.length > 0 ? { priceOverrides } : undefined;
}
