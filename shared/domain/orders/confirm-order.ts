import type { CurrencyCode } from '../money/currencies.js';
import type { MessageReader, StoredMessage } from '../threads/stored-message.js';
import { fingerprintOf, orderIdFor, type ConfirmBody } from './order-identity.js';
import { IdempotencyKeyReusedError, MessageHasOrderError, NotChargeableError, NotConvertibleError } from './order-errors.js';
import { auditFor, ensureCheckout, ensureEmailSent, ensureLinked, type OrderStepDeps } from './order-steps.js';
import type { Order, OrderLine } from './order.js';

/** Re-checks confirmed lines against the Space's catalog and computes amounts server-side. */
export type LineChecker = (spaceId: string, lines: ConfirmBody['lines'], currency?: string) =>
  Promise<{ lines: OrderLine[]; currency: CurrencyCode; total: number }>;

export interface ConfirmOrderDeps extends OrderStepDeps {
  readonly messages: MessageReader;
  readonly checkLines: LineChecker;
}

export interface ConfirmOrderInput extends ConfirmBody {
  readonly spaceId: string;
  readonly userId: string;
  readonly idempotencyKey?: string;
}

/**
 * Confirms a draft: creates the order (once, whatever the number of concurrent or repeated calls),
 * opens its checkout, emails the link once and links the order to the thread. Each step is recorded
 * on the order, so a retry of the same request finishes what a failed one started.
 * @throws NotConvertibleError, MessageHasOrderError, IdempotencyKeyReusedError, ValidationError,
 *   NotChargeableError (before anything is stored), OrderStepFailedError (naming the step that failed; the order is kept)
 */
export async function confirmOrder(deps: ConfirmOrderDeps, input: ConfirmOrderInput): Promise<{ order: Order; created: boolean }> {
  const id = orderIdFor(input.spaceId, input.messageId, input.idempotencyKey);
  const fingerprint = fingerprintOf(input);
  const message = await deps.messages.getMessage(input.spaceId, input.messageId);
  assertConvertibleFor(message, id);
  const existing = await deps.orders.getOrder(input.spaceId, id);
  let order: Order;
  let created = false;
  if (existing) {
    order = existing;
  } else {
    const result = await deps.orders.createOrder(await newOrder(deps, input, message, id, fingerprint), auditFor(deps, 'create', input.userId));
    ({ order, created } = result);
  }
  if (order.fingerprint !== fingerprint) {
    throw input.idempotencyKey ? new IdempotencyKeyReusedError(order.id) : new MessageHasOrderError(order.id);
  }
  order = await ensureCheckout(deps, order, input.userId);
  order = await ensureEmailSent(deps, order, input.userId);
  order = await ensureLinked(deps, order, input.userId);
  return { order, created };
}

function assertConvertibleFor(message: StoredMessage, orderId: string): void {
  if (message.direction !== 'inbound') throw new NotConvertibleError('outbound');
  if (message.automated) throw new NotConvertibleError('automated', { automated: message.automated });
  if (message.orderId && message.orderId !== orderId) throw new MessageHasOrderError(message.orderId);
}

async function newOrder(deps: ConfirmOrderDeps, input: ConfirmOrderInput, message: StoredMessage, id: string, fingerprint: string): Promise<Order> {
  const checked = await deps.checkLines(input.spaceId, input.lines, input.currency);
  const refusals = deps.payments.chargeIssues({ currency: checked.currency, lines: checked.lines });
  if (refusals.length > 0) throw new NotChargeableError(refusals);
  const now = deps.runtime.now().toISOString();
  return {
    spaceId: input.spaceId, id, channel: 'crm_email', status: 'awaiting_payment',
    messageId: message.id, threadId: message.threadId,
    customerEmail: input.customerEmail.trim(), memo: input.memo.trim(),
    currency: checked.currency, lines: checked.lines, total: checked.total,
    fingerprint, ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
    checkoutAttempt: 1, steps: {},
    history: [{ status: 'awaiting_payment', at: now, cause: 'confirm' }],
    createdBy: input.userId, createdAt: now, updatedAt: now,
  };
}
