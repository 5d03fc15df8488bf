import { NotFoundError } from '../errors.js';
import { assertNotComplained, type CustomerLookup } from './customer-discount.js';
import { OrderNotResendableError, OrderStepFailedError } from './order-errors.js';
import { auditFor, checkoutRequestFor, ensureEmailSent, type OrderStepDeps } from './order-steps.js';
import type { Order } from './order.js';
import { sendOrderMail } from './order-mail.js';
import { paymentEmail } from './payment-email.js';
import { assertEmailBudgetLeft, cooldownError, takeEmailBudget } from './payment-email-limits.js';

/**
 * POST /orders/{id}/resend-link. An awaiting order gets its payment email again (a deliberate
 * second send); an expired one gets a new Checkout Session under the next attempt number and goes
 * back to awaiting_payment, the only backwards move of the state machine. A resend waits out the
 * order's cooldown; every email is taken from the Space's daily budget.
 * Nothing is sent to an address whose owner reported our mail as spam.
 * @throws NotFoundError, OrderNotResendableError, AddressComplainedError, PaymentEmailCooldownError,
 *   PaymentEmailLimitError, OrderStepFailedError
 */
export async function reissueLink(deps: OrderStepDeps & { readonly customers: CustomerLookup }, input: { spaceId: string; orderId: string; userId: string }): Promise<Order> {
  const order = await deps.orders.getOrder(input.spaceId, input.orderId);
  if (!order) throw new NotFoundError('order', input.orderId);
  if (order.status === 'awaiting_payment' || order.status === 'expired') await assertNotComplained(deps.customers, order.spaceId, order.customerEmail);
  if (order.status === 'awaiting_payment' && order.checkout) return resendEmail(deps, order, input.userId);
  if (order.status !== 'expired') throw new OrderNotResendableError(order.status);
  // No cooldown here: a new link only follows an expiry, and Stripe opens a session for 30 minutes at least.
  await assertEmailBudgetLeft(deps.emailQuota, order.spaceId, deps.runtime.now());
  const attempt = order.checkoutAttempt + 1;
  let reissued: Order;
  try {
    const session = await deps.payments.createCheckout(checkoutRequestFor(deps, order, attempt));
    const checkout = { sessionId: session.sessionId, url: session.url, expiresAt: session.expiresAt, attempt };
    reissued = await deps.orders.reissueCheckout(order.spaceId, order.id, checkout, auditFor(deps, 'link-reissued', input.userId, { sessionId: session.sessionId, attempt }));
  } catch (err) {
    throw Object.assign(new OrderStepFailedError('checkout', order.id), { cause: err });
  }
  return ensureEmailSent(deps, reissued, input.userId);
}

/** A stamp on the order (conditional on the cooldown) comes first, so of concurrent resends one sends. */
async function resendEmail(deps: OrderStepDeps, order: Order, userId: string): Promise<Order> {
  const now = deps.runtime.now();
  const token = deps.runtime.newId();
  const cutoff = new Date(now.getTime() - deps.paymentEmailCooldownSeconds * 1000).toISOString();
  const claim = await deps.orders.claimResend(order.spaceId, order.id, { token, at: now.toISOString(), cutoff });
  if (!claim) {
    const current = (await deps.orders.getOrder(order.spaceId, order.id)) ?? order;
    if (current.status !== 'awaiting_payment') throw new OrderNotResendableError(current.status);
    throw cooldownError(current, now, deps.paymentEmailCooldownSeconds);
  }
  const release = () => deps.orders.releaseResend(order.spaceId, order.id, token, claim.previousAt).catch(() => undefined);
  try {
    await takeEmailBudget(deps.emailQuota, order.spaceId, now, order.id);
  } catch (err) {
    await release();
    throw err;
  }
  let sent: { providerId: string; messageId: string };
  try {
    sent = await sendOrderMail(deps, order, 'payment', paymentEmail(order));
  } catch (err) {
    await release();
    throw Object.assign(new OrderStepFailedError('email', order.id), { cause: err });
  }
  // Sent: the stamp stays even if the audit write fails, so a retry cannot send a second mail at once.
  try {
    await deps.orders.addAudit(order.spaceId, order.id, auditFor(deps, 'payment-email-resent', userId, sent));
  } catch (err) {
    throw Object.assign(new OrderStepFailedError('email', order.id), { cause: err });
  }
  return { ...order, lastResendAt: now.toISOString() };
}
