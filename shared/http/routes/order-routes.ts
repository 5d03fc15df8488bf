import { NotFoundError } from '../../domain/errors.js';
import { orderFromOpportunity } from '../../domain/opportunities/order-from-opportunity.js';
import { confirmOrder } from '../../domain/orders/confirm-order.js';
import { draftFromMessage } from '../../domain/orders/draft-from-message.js';
import { cancelOrder, refundOrder } from '../../domain/orders/order-admin.js';
import { toOrderView } from '../../domain/orders/order.js';
import { reissueLink } from '../../domain/orders/reissue-link.js';
import { requireCustomer } from '../../deps/customer-records.js';
import { draftDeps } from '../../deps/draft-deps.js';
import { adminDeps, customerOrders, opportunityOrderDeps } from '../../deps/order-admin-deps.js';
import { orderDeps } from '../../deps/order-deps.js';
import { actorOf } from '../actor.js';
import { cancelOrderOp, companyOrdersOp, contactOrdersOp, refundOrderOp } from '../contracts/customer-orders.js';
import { opportunityOrderOp } from '../contracts/opportunities.js';
import {
  confirmOrderOp, draftOrderOp, getOrderOp, listOrdersOp, resendLinkOp,
} from '../contracts/orders.js';
import { idempotencyKeyInput } from '../idempotency-key.js';
import { implement, type HttpRequest, type Operation } from '../http-handler.js';
import { pageLimit, pageReply, readCursor } from '../page-cursor.js';
import { assertWholeMessageVisible } from '../../deps/visible-mail.js';

const customerOrdersOf = (kind: 'contact' | 'company') => {
  const op = kind === 'contact' ? contactOrdersOp : companyOrdersOp;
  return async (r: HttpRequest<typeof op>) => {
    await requireCustomer(kind, r.auth.spaceId, r.params.id);
    const startKey = await readCursor(op, r);
    const page = await customerOrders().listCustomerOrders(r.auth.spaceId, { kind, id: r.params.id }, pageLimit(r.query.limit), startKey);
    return pageReply(op, r, page, toOrderView);
  };
};

/** Orders: draft from a message, confirm (with an Idempotency-Key), list, read, resend the link, cancel, refund. */
export const orderRoutes: Operation[] = [
  implement(draftOrderOp, async ({ params, auth }) => {
    await assertWholeMessageVisible(auth, params.id);
    return { body: await draftFromMessage(await draftDeps(), { spaceId: auth.spaceId, messageId: params.id }) };
  }),
  implement(confirmOrderOp, async ({ body, auth, headers }) => {
    const { idempotencyKey: key } = idempotencyKeyInput(headers);
    const { order, created } = await confirmOrder(await orderDeps(), {
      ...body, spaceId: auth.spaceId, userId: auth.userId, role: auth.role, ...(key ? { idempotencyKey: key } : {}),
    });
    return { status: created ? 201 : 200, body: toOrderView(order), headers: { location: `/orders/${order.id}` } };
  }),
  implement(listOrdersOp, async (r) => {
    const { orders } = await orderDeps();
    const startKey = await readCursor(listOrdersOp, r);
    const page = await orders.listOrders(r.auth.spaceId, { limit: pageLimit(r.query.limit), ...(r.query.status ? { status: r.query.status } : {}), ...(startKey ? { startKey } : {}) });
    return pageReply(listOrdersOp, r, page, toOrderView);
  }),
  implement(getOrderOp, async ({ params, auth }) => {
    const order = await (await orderDeps()).orders.getOrder(auth.spaceId, params.id);
    if (!order) throw new NotFoundError('order', params.id);
    return { body: toOrderView(order) };
  }),
  implement(resendLinkOp, async ({ params, auth }) =>
    ({ body: toOrderView(await reissueLink(await orderDeps(), { spaceId: auth.spaceId, orderId: params.id, userId: auth.userId })) })),
  implement(contactOrdersOp, customerOrdersOf('contact')),
  implement(companyOrdersOp, customerOrdersOf('company')),
  implement(cancelOrderOp, async ({ params, auth }) =>
    ({ body: toOrderView(await cancelOrder(await adminDeps(), { spaceId: auth.spaceId, orderId: params.id, userId: auth.userId })) })),
  implement(opportunityOrderOp, async (r) => {
    const { order, created } = await orderFromOpportunity(await opportunityOrderDeps(), actorOf(r),
      { opportunityId: r.params.id, ...(r.body.customerEmail ? { customerEmail: r.body.customerEmail } : {}) });
    return { status: created ? 201 : 200, body: toOrderView(order), headers: { location: `/orders/${order.id}` } };
  }),
  implement(refundOrderOp, async ({ params, auth, body, headers }) => {
    const { idempotencyKey: key } = idempotencyKeyInput(headers);
    return { body: toOrderView(await refundOrder(await adminDeps(), { ...body, spaceId: auth.spaceId, orderId: params.id, userId: auth.userId, ...(key ? { requestKey: key } : {}) })) };
  }),
];
