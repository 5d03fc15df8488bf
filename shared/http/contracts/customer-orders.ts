import * as z from 'zod';
import { contract } from '../contract.js';
import { customerOrderExample, ok, page, refundExample } from './workspace-examples.js';
import { orderView } from './order-views.js';
import { orderParams } from './orders.js';

const customerParams = z.strictObject({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'is not an id') });
const pageQuery = z.strictObject({ limit: z.coerce.number().int().min(1).optional(), cursor: z.string().max(4096).optional() });
const orderPage = z.object({ items: z.array(orderView), nextCursor: z.string().nullable() });

export const refundOrderBody = z.strictObject({
  /** Minor units of the order currency; the whole unrefunded rest when absent. */
  amount: z.number().int().min(1).max(99_999_999_999).optional(),
  reason: z.enum(['requested_by_customer', 'duplicate', 'fraudulent']).optional(),
  note: z.string().max(500).regex(/^[^\p{Cc}]*$/u, 'must be one line without control characters').optional(),
});

const tag = 'orders';
const fn = 'orders-api' as const;
export const contactOrdersOp = contract({
  operationId: 'listContactOrders', method: 'GET', path: '/contacts/{id}/orders', fn, tag, params: customerParams, query: pageQuery, responses: ok(200, orderPage, page(customerOrderExample)),
  problems: ['not-found'], summary: 'Orders of a contact, newest first (404 unknown contact)', description: 'Orders of a contact, newest first (404 unknown contact)'});
export const companyOrdersOp = contract({
  operationId: 'listCompanyOrders', method: 'GET', path: '/companies/{id}/orders', fn, tag, params: customerParams, query: pageQuery, responses: ok(200, orderPage, page(customerOrderExample)),
  problems: ['not-found'], summary: 'Orders of a company, newest first (404 unknown company)', description: 'Orders of a company, newest first (404 unknown company)'});
export const cancelOrderOp = contract({
  operationId: 'cancelOrder', method: 'POST', path: '/orders/{id}/cancel', fn, tag, params: orderParams, successStatus: 200, responses: ok(200, orderView, customerOrderExample),
  problems: ['not-found', 'order-not-cancellable', 'payment-provider-failed'], summary: 'Cancel an order awaiting payment: expires its Checkout Session, then the order is cancelled; repeatable (404; 409 order-not-cancellable when paid or refunded; 502 payment-provider-failed)', description: 'Cancel an order awaiting payment: expires its Checkout Session, then the order is cancelled; repeatable (404; 409 order-not-cancellable when paid or refunded; 502 payment-provider-failed)'});
export const refundOrderOp = contract({
  operationId: 'refundOrder', method: 'POST', path: '/orders/{id}/refund', fn, tag, params: orderParams, body: refundOrderBody, role: 'admin', successStatus: 200, responses: ok(200, orderView, customerOrderExample),
  problems: ['not-found', 'order-not-refundable', 'refund-in-progress', 'refund-exceeds-paid', 'payment-provider-failed'], summary: 'Refund a paid order through Stripe, in full or in part (admin; Idempotency-Key optional; 403; 404; 409 order-not-refundable, refund-in-progress; 422 refund-exceeds-paid; 502 payment-provider-failed). The webhook moves the order to refunded', requestExample: refundExample, description: 'Refund a paid order through Stripe, in full or in part (admin; Idempotency-Key optional; 403; 404; 409 order-not-refundable, refund-in-progress; 422 refund-exceeds-paid; 502 payment-provider-failed). The webhook moves the order to refunded'});

export const customerOrders = [contactOrdersOp, companyOrdersOp, cancelOrderOp, refundOrderOp];
