import { ConflictError, DomainError } from '../errors.js';
import type { OrderStep } from './order.js';

/** The message cannot become an order (outbound, automated, or already converted). */
export class NotConvertibleError extends ConflictError {
  override readonly code = 'not-convertible';
  constructor(reason: 'outbound' | 'automated' | 'has-order', extra: Record<string, unknown> = {}) {
    super(`This message cannot become an order: ${reason}`, { reason, ...extra });
  }
}

/** The message already belongs to another order. */
export class MessageHasOrderError extends ConflictError {
  override readonly code = 'message-has-order';
  constructor(readonly orderId: string) {
    super('This message already has an order', { orderId });
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
