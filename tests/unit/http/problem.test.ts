import { describe, expect, it } from 'vitest';
import { OrderNotResendableError } from '../../../shared/domain/orders/order-errors.js';
import { problemOf, toProblem } from '../../../shared/http/problem.js';

describe('problem documents', () => {
  it('keeps type, title and status when an extension uses one of their names', () => {
    const problem = problemOf('conflict', 'detail', { status: 'paid', type: 'x', title: 'y', instance: 'z' }, 'req-1');

    expect(problem).toMatchObject({ type: expect.stringMatching(/\/conflict$/), title: 'Conflict', status: 409, instance: 'req-1' });
  });

  it('answers a resend on a paid order with 409 and the order status as orderStatus', () => {
    const problem = toProblem(new OrderNotResendableError('paid'), 'req-2');

    expect(problem).toMatchObject({ status: 409, orderStatus: 'paid' });
  });
});
