import { ConflictError, DomainError } from '../errors.js';

/** Only an order awaiting payment (or expired) can be cancelled; a paid one is refunded instead. */
export class OrderNotCancellableError extends ConflictError {
  override readonly code = 'order-not-cancellable';
  constructor(status: string, detail = `An order in status ${status} cannot be cancelled`) {
    super(detail, { orderStatus: status });
  }
}

/** Only a paid order with money left to give back can be refunded. */
export class OrderNotRefundableError extends ConflictError {
  override readonly code = 'order-not-refundable';
  constructor(status: string, reason: 'not-paid' | 'fully-refunded' | 'no-payment') {
    super(reason === 'fully-refunded' ? 'The whole order is refunded already' : `An order in status ${status} cannot be refunded`, { orderStatus: status, reason });
  }
}

/** Another refund of the order is being sent to the payment provider; retry once it has settled. */
export class RefundInProgressError extends ConflictError {
  override readonly code = 'refund-in-progress';
  constructor(orderId: string) {
    super('Another refund of this order is in progress; retry in a moment', { orderId });
  }
}

/** The refund asks for more than the order has left to refund. */
export class RefundExceedsPaidError extends DomainError {
  readonly code = 'refund-exceeds-paid';
  constructor(refundable: number) {
    super(`At most ${refundable} (minor units) is left to refund`, { refundable, errors: [{ pointer: '#/amount', detail: `must be at most ${refundable}` }] });
  }
}
