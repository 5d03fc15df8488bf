import { NotFoundError, ValidationError } from '../shared/domain/errors.js';
import { confirmOrder } from '../shared/domain/orders/confirm-order.js';
import { toOrderView } from '../shared/domain/orders/order.js';
import { reissueLink } from '../shared/domain/orders/reissue-link.js';
import {
  confirmOrderOp, draftOrderOp, getOrderOp, IDEMPOTENCY_KEY, idempotencyKeyOf, listOrdersOp, resendLinkOp,
} from '../shared/http/contracts/orders.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';
import { pageLimit, readCursor, writeCursor } from '../shared/http/page-cursor.js';
import { draftDeps } from '../shared/wiring/draft-deps.js';
import { orderDeps } from '../shared/wiring/order-deps.js';
import { draftFromMessage } from '../shared/domain/orders/draft-from-message.js';
import { cancelOrder, refundOrder, type OrderAdminDeps } from '../shared/domain/orders/order-admin.js';
import { cancelOrderOp, companyOrdersOp, contactOrdersOp, refundOrderOp } from '../shared/http/contracts/customer-orders.js';
import { createCompanyStore } from '../shared/store/company-store.js';
import { createContactStore } from '../shared/store/contact-store.js';
import { createCustomerOrderStore } from '../shared/store/customer-order-items.js';
import { defaultTable } from '../shared/store/dynamo.js';
import { createOrderAdminStore } from '../shared/store/order-admin-store.js';
import { orderFromOpportunity } from '../shared/domain/opportunities/order-from-opportunity.js';
import { opportunityOrderOp } from '../shared/http/contracts/opportunities.js';
import { systemRuntime } from '../shared/domain/audit/system-runtime.js';
import { createOpportunityStore } from '../shared/store/opportunity-store.js';
import { countingAdmin, customerEventRecorder } from '../shared/wiring/customer-stats.js';
import { assertWholeMessageVisible } from '../shared/wiring/visible-mail.js';

const idempotencyKey = (headers: Readonly<Record<string, string>>): string | undefined => {
  const key = idempotencyKeyOf(headers);
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError([{ pointer: '#/headers/idempotency-key', detail: 'must be 1-128 visible ASCII characters' }]);
  }
  return key;
};

const adminDeps = async (): Promise<OrderAdminDeps> => {
  const deps = await orderDeps();
  return { orders: deps.orders, payments: deps.payments, runtime: deps.runtime, admin: countingAdmin(createOrderAdminStore(defaultTable()), customerEventRecorder(defaultTable())) };
};

const customerOrdersOf = (kind: 'contact' | 'company') => async (r: { auth: { spaceId: string }; params: { id: string }; query: { limit?: number; cursor?: string } }) => {
  const t = defaultTable();
  const owner = kind === 'contact' ? await createContactStore(t).getContact(r.auth.spaceId, r.params.id) : await createCompanyStore(t).getCompany(r.auth.spaceId, r.params.id);
  if (!owner) throw new NotFoundError(kind, r.params.id);
  const op = kind === 'contact' ? contactOrdersOp : companyOrdersOp;
  const startKey = await readCursor(op, r);
  const page = await createCustomerOrderStore(t).listCustomerOrders(r.auth.spaceId, { kind, id: r.params.id }, pageLimit(r.query.limit), startKey);
  return { body: { items: page.items.map(toOrderView), nextCursor: (await writeCursor(op, r, page.lastKey)) ?? null } };
};

export const handler = httpHandler(
  implement(draftOrderOp, async ({ params, auth }) => {
    await assertWholeMessageVisible(auth, params.id);
    return { body: await draftFromMessage(await draftDeps(), { spaceId: auth.spaceId, messageId: params.id }) };
  }),

  implement(confirmOrderOp, async ({ body, auth, headers }) => {
    const key = idempotencyKey(headers);
    const { order, created } = await confirmOrder(await orderDeps(), {
      ...body, spaceId: auth.spaceId, userId: auth.userId, role: auth.role, ...(key ? { idempotencyKey: key } : {}),
    });
    return { status: created ? 201 : 200, body: toOrderView(order), headers: { location: `/orders/${order.id}` } };
  }),

  implement(listOrdersOp, async ({ query, auth }) => {
    const { orders } = await orderDeps();
    const startKey = await readCursor(listOrdersOp, { auth, query });
    const page = await orders.listOrders(auth.spaceId, { limit: pageLimit(query.limit), ...(query.status ? { status: query.status } : {}), ...(startKey ? { startKey } : {}) });
    return { body: { items: page.items.map(toOrderView), nextCursor: (await writeCursor(listOrdersOp, { auth, query }, page.lastKey)) ?? null } };
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
    const deps = await orderDeps();
    const { order, created } = await orderFromOpportunity({ ...deps, opportunities: createOpportunityStore(defaultTable()), rt: systemRuntime },
      { spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId }, { opportunityId: r.params.id, ...(r.body.customerEmail ? { customerEmail: r.body.customerEmail } : {}) });
    return { status: created ? 201 : 200, body: toOrderView(order), headers: { location: `/orders/${order.id}` } };
  }),
  implement(refundOrderOp, async ({ params, auth, body, headers }) => {
    const key = idempotencyKey(headers);
    return { body: toOrderView(await refundOrder(await adminDeps(), { ...body, spaceId: auth.spaceId, orderId: params.id, userId: auth.userId, ...(key ? { requestKey: key } : {}) })) };
  }),
);
