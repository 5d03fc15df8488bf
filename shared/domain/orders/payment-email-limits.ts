import { PaymentEmailCooldownError, PaymentEmailLimitError } from './order-errors.js';
import type { Order } from './order.js';
import type { PaymentEmailQuota } from './ports.js';

const DAY_MS = 86_400_000;

/** Seconds until the next UTC midnight, when a Space's daily budget starts again (at least 1). */
export const secondsToNextUtcDay = (now: Date): number => Math.max(1, Math.ceil((DAY_MS - (now.getTime() % DAY_MS)) / 1000));

/**
 * Refuses up front when the Space's budget of the day is already used, so a confirm that could not
 * send its email creates no order and no checkout session.
 * @throws PaymentEmailLimitError
 */
export async function assertEmailBudgetLeft(quota: PaymentEmailQuota, spaceId: string, now: Date): Promise<void> {
  if (await quota.exhausted(spaceId, now)) throw new PaymentEmailLimitError(quota.perDay, secondsToNextUtcDay(now));
}

/**
 * Takes one email from the Space's budget right before a send.
 * @throws PaymentEmailLimitError naming the order, which is kept
 */
export async function takeEmailBudget(quota: PaymentEmailQuota, spaceId: string, now: Date, orderId: string): Promise<void> {
  if (!(await quota.take(spaceId, now))) throw new PaymentEmailLimitError(quota.perDay, secondsToNextUtcDay(now), orderId);
}

/** The cooldown error for an order whose last payment email (confirm or resend) is too recent. */
export function cooldownError(order: Order, now: Date, cooldownSeconds: number): PaymentEmailCooldownError {
  const last = [order.steps.email, order.lastResendAt].filter((t): t is string => t !== undefined).map(Date.parse);
  const until = (last.length > 0 ? Math.max(...last) : now.getTime()) + cooldownSeconds * 1000;
  return new PaymentEmailCooldownError(order.id, Math.max(1, Math.ceil((until - now.getTime()) / 1000)));
}
