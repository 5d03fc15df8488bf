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

const idempotencyKey = (headers: Readonly<Record<string, string>>): string | undefined => {
  const key = idempotencyKeyOf(headers);
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError([{ pointer: '#/headers/idempotency-key', detail: 'must be 1-128 visible ASCII characters' }]);
  }
  return key;
};

export const handler = httpHandler(
  implement(draftOrderOp, async ({ params, auth }) =>
    ({ body: await draftFromMessage(await draftDeps(), { spaceId: auth.spaceId, messageId: params.id }) })),

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
);
