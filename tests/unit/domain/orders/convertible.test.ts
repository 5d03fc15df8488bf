import { describe, expect, it } from 'vitest';
import { assertConvertible, MessageHasOrderError, NotConvertibleError } from '../../../../shared/domain/orders/order-errors.js';
import { isConvertible, notConvertibleReason } from '../../../../shared/domain/threads/stored-message.js';

const inbound = { direction: 'inbound' as const };

describe('whether a mail can become an order', () => {
  it('names the first reason it cannot, and none for customer mail without an order', () => {
    expect(notConvertibleReason(inbound)).toBeUndefined();
    expect(notConvertibleReason({ direction: 'outbound' })).toBe('outbound');
    expect(notConvertibleReason({ ...inbound, automated: 'bounce' })).toBe('automated');
    expect(notConvertibleReason({ ...inbound, orderId: 'ord_1' })).toBe('has-order');
    expect(isConvertible(inbound)).toBe(true);
    expect(isConvertible({ ...inbound, orderId: 'ord_1' })).toBe(false);
  });

  it('lets a confirm retry the order its mail already carries, and refuses another order', () => {
    expect(() => assertConvertible({ ...inbound, orderId: 'ord_1' }, 'ord_1')).not.toThrow();
    expect(() => assertConvertible({ ...inbound, orderId: 'ord_1' }, 'ord_2')).toThrow(MessageHasOrderError);
    expect(() => assertConvertible({ ...inbound, orderId: 'ord_1' })).toThrow(NotConvertibleError);
    expect(() => assertConvertible({ ...inbound, automated: 'auto-reply' }, 'ord_1')).toThrow(NotConvertibleError);
  });
});
