import { describe, expect, it } from 'vitest';
import type { EventChange } from '../../../shared/domain/orders/ports.js';
import { applyEventActions } from '../../../shared/store/order-event-actions.js';
import { toOrder } from '../../../shared/store/order-items.js';

const t = { table: 'tbl', client: {} } as Parameters<typeof applyEventActions>[0];
const anomaly = { kind: 'amount-mismatch', eventId: 'evt_2', eventType: 'checkout.session.completed', at: '2026-01-01T00:00:00.000Z', detail: 'x' };
const change = (overrides: Partial<EventChange> = {}): EventChange => ({
  orderId: 'ord_1', eventId: 'evt_2', sessionId: 'cs_1', from: 'awaiting_payment', at: anomaly.at, markerExpiresAt: 1,
  audit: { id: 'a1', action: 'flagged', at: anomaly.at, userId: 'stripe' }, ...overrides,
});
const orderUpdate = (c: EventChange) => applyEventActions(t, 'space-a', c, { Put: { TableName: 'tbl', Item: {} } })[1]!.action.Update!;

describe('applyEventActions', () => {
  it('writes a first anomaly only while the order has none, legacy flag included', () => {
    const u = orderUpdate(change({ anomalies: { list: [anomaly], previousCount: 0 } }));

    expect(u.UpdateExpression).toBe('SET updatedAt = :at, anomalies = :anomalies REMOVE flag');
    expect(u.ConditionExpression).toContain('attribute_not_exists(anomalies) AND attribute_not_exists(flag)');
    expect(u.ExpressionAttributeValues).not.toHaveProperty(':count');
  });

  it('conditions a longer list on the count read, and lets one entry stand for a legacy flag', () => {
    const one = orderUpdate(change({ anomalies: { list: [anomaly, anomaly], previousCount: 1 } }));
    const two = orderUpdate(change({ anomalies: { list: [anomaly, anomaly, anomaly], previousCount: 2 } }));

    expect(one.ConditionExpression).toContain('(size(anomalies) = :count OR (attribute_not_exists(anomalies) AND attribute_exists(flag)))');
    expect(two.ConditionExpression).toContain('AND (size(anomalies) = :count)');
    expect(two.ExpressionAttributeValues).toMatchObject({ ':count': 2 });
  });

  it('moves the status without touching anomalies when the event resolves none', () => {
    const u = orderUpdate(change({ to: 'paid', paymentIntentId: 'pi_1' }));

    expect(u.UpdateExpression).toBe('SET updatedAt = :at, #st = :to, gsi2pk = :g2, history = list_append(history, :h), paymentIntentId = :pi');
    expect(u.ConditionExpression).toBe('attribute_exists(pk) AND #st = :from AND checkout.sessionId = :sid');
  });
});

describe('toOrder', () => {
  it('reads an order stored with the old single flag as a one-entry anomaly list', () => {
    const order = toOrder({ pk: 'p', sk: 'order', id: 'ord_1', flag: { reason: 'amount-mismatch', eventId: 'evt_1', at: anomaly.at } });

    expect(order.anomalies).toEqual([expect.objectContaining({ kind: 'amount-mismatch', eventId: 'evt_1', eventType: 'unknown' })]);
    expect(order).not.toHaveProperty('flag');
  });
});
