import { describe, expect, it } from 'vitest';
import { OrderNotResendableError } from '../../../shared/domain/orders/order-errors.js';
import { problemOf, toProblem } from '../../../shared/http/problem.js';

describe('problem documents', () => {
  it('keeps the RFC 9457 members when an error carries an extension of the same name', () => {
    const problem = problemOf('conflict', 'detail', { status: 'paid', type: 'x', title: 't', instance: 'i', detail: 'd', orderId: 'o' }, 'req-1');

    expect(problem).toMatchObject({ type: expect.stringMatching(/\/conflict$/), title: 'Conflict', status: 409, detail: 'detail', instance: 'req-1', orderId: 'o' });
  });

  it('answers 409 with the order status as an extension when an order has no link to resend', () => {
    const problem = toProblem(new OrderNotResendableError('paid'), 'req-1');

    expect(problem.status).toBe(409);
    expect(problem.orderStatus).toBe('paid');
  });
});
