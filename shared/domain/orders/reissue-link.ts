import { NotFoundError } from '../errors.js';
import { OrderNotResendableError, OrderStepFailedError } from './order-errors.js';
import { auditFor, checkoutRequestFor, ensureEmailSent, type OrderStepDeps } from './order-steps.js';
import type { Order } from './order.js';
import { paymentEmail } from './payment-email.js';

/**
 * POST /orders/{id}/resend-link. An awaiting order gets its payment email again (a deliberate
 * second send); an expired one gets a new Checkout Session under the next attempt number and goes
 * back to awaiting_payment, the only backwards move of the state machine.
 * @throws NotFoundError, OrderNotResendableError, OrderStepFailedError
 */
export async function reissueLink(deps: OrderStepDeps, input: { spaceId: string; orderId: string; userId: string }): Promise<Order> {
  const order = await deps.orders.getOrder(input.spaceId, input.orderId);
  if (!order) throw new NotFoundError('order', input.orderId);
  if (order.status === 'awaiting_payment' && order.checkout) return resendEmail(deps, order, input.userId);
  if (order.status !== 'expired') throw new OrderNotResendableError(order.status);
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

async function resendEmail(deps: OrderStepDeps, order: Order, userId: string): Promise<Order> {
  try {
    const { providerId } = await deps.mailer.send(paymentEmail(order));
    await deps.orders.addAudit(order.spaceId, order.id, auditFor(deps, 'payment-email-resent', userId, { providerId }));
  } catch (err) {
    throw Object.assign(new OrderStepFailedError('email', order.id), { cause: err });
  }
  return order;
}
