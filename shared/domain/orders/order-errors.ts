import { ConflictError, DomainError, type FieldIssue } from '../errors.js';
import { notConvertibleReason, type NotConvertibleReason, type StoredMessage } from '../threads/stored-message.js';
import type { OrderStep } from './order.js';

/** The message cannot become an order (outbound, automated, or already converted). */
export class NotConvertibleError extends ConflictError {
  override readonly code = 'not-convertible';
  constructor(reason: NotConvertibleReason, extra: Record<string, unknown> = {}) {
    super(`This message cannot become an order: ${reason}`, { reason, ...extra });
  }
}

/**
 * Throws unless the message may become an order. `forOrder` is the order being confirmed: its own
 * message may already carry its id (a retried confirm); another order's id is a conflict.
 */
export function assertConvertible(message: Pick<StoredMessage, 'direction' | 'automated' | 'orderId'>, forOrder?: string): void {
  const reason = notConvertibleReason(message);
  if (reason === 'outbound') throw new NotConvertibleError(reason);
  if (reason === 'automated') throw new NotConvertibleError(reason, { automated: message.automated });
  if (reason !== 'has-order' || message.orderId === forOrder) return;
  throw forOrder === undefined ? new NotConvertibleError(reason, { orderId: message.orderId }) : new MessageHasOrderError(message.orderId!);
}

/** The message already belongs to another order. */
export class MessageHasOrderError extends ConflictError {
  override readonly code = 'message-has-order';
  constructor(readonly orderId: string) {
    super('This message already has an order', { orderId });
  }
}

/** The customer reported our mail to this address as spam: no payment email goes to it again. */
export class AddressComplainedError extends ConflictError {
  override readonly code = 'address-complained';
  constructor(address: string) {
    super(`${address} reported our mail as spam; no payment email is sent to it`, { address });
  }
}

/** The same Idempotency-Key came with a different request body. */
export class IdempotencyKeyReusedError extends ConflictError {
  override readonly code = 'idempotency-key-reused';
  constructor(orderId: string) {
    super('The Idempotency-Key was used with a different request', { orderId });
  }
}

/** A side effect of confirm failed; the order keeps its progress and a retry completes it. */
export class OrderStepFailedError extends DomainError {
  readonly code = 'order-step-failed';
  constructor(readonly step: OrderStep, orderId: string) {
    super(`The order was saved but the ${step} step failed; retry the same request to finish it`, { step, orderId });
  }
}

/** resend-link on an order that has no link to resend (paid, refunded, failed). */
export class OrderNotResendableError extends ConflictError {
  override readonly code = 'order-not-resendable';
  constructor(status: string) {
    super(`An order in status ${status} has no payment link to send`, { orderStatus: status });
  }
}

/** The payment provider refused or could not be reached. */
export class PaymentProviderError extends DomainError {
  readonly code = 'payment-provider-failed';
}

/** The mail provider refused the message. */
export class MailerError extends DomainError {
  readonly code = 'mailer-failed';
}

/** The payment provider cannot charge the order's currency or one of its amounts; nothing was stored. */
export class NotChargeableError extends DomainError {
  readonly code = 'not-chargeable';
  constructor(readonly errors: readonly FieldIssue[]) {
    super('The payment provider cannot charge this currency or amount', { errors });
  }
}

/** A catalog line's unit price is not the catalog price after the customer's discount (a stale draft or an edit). */
export class PriceMismatchError extends ConflictError {
  override readonly code = 'price-mismatch';
  constructor(readonly errors: readonly (FieldIssue & { expectedUnitAmount: number })[]) {
    super('A line is not at the catalog price; confirm at the catalog price, or ask an admin for an explicit price', { errors });
  }
}

/** The order had a payment email less than the cooldown ago; `retryAfter` is in seconds. */
export class PaymentEmailCooldownError extends DomainError {
  readonly code = 'payment-email-cooldown';
  constructor(orderId: string, retryAfter: number) {
    super(`This order had a payment email moments ago; retry in ${retryAfter} s`, { orderId, retryAfter });
  }
}

/** The Space sent its payment emails of the UTC day; `retryAfter` runs to midnight UTC. */
export class PaymentEmailLimitError extends DomainError {
  readonly code = 'payment-email-limit';
  constructor(perDay: number, retryAfter: number, orderId?: string) {
    super(`This Space sent its ${perDay} payment emails of the day (UTC)${orderId ? '; the order is saved and the same request sends its email once the limit resets' : ''}`,
      { perDay, retryAfter, ...(orderId ? { orderId } : {}) });
  }
}
