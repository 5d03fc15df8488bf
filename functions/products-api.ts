import { once } from '../shared/config/config.js';
import { systemRuntime } from '../shared/domain/audit/system-runtime.js';
import { createProduct, loadProduct, patchProduct, toProductView, type Product } from '../shared/domain/products/product.js';
import {
  createProductOp, deactivateProductOp, getProductOp, listProductsOp, patchProductOp,
} from '../shared/http/contracts/products.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';
import { etagOf, expectedVersion } from '../shared/http/if-match.js';
import { pageLimit, readCursor, writeCursor } from '../shared/http/page-cursor.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { createProductStore } from '../shared/store/product-store.js';

const deps = once(() => ({ products: createProductStore(), rt: systemRuntime }));
const actorOf = (r: { auth: { spaceId: string; userId: string }; requestId: string }) => ({ spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId });
const reply = (p: Product, status = 200) => ({ status, body: toProductView(p), headers: { etag: etagOf(p.version) } });

export const handler = httpHandler(...recordingStaff(
  implement(listProductsOp, async ({ auth, query }) => {
    const page = await deps().products.listProducts(auth.spaceId, {
      active: query.active === 'true', limit: pageLimit(query.limit),
      ...(query.cursor ? { startKey: await readCursor(listProductsOp, { auth, query }) } : {}),
    });
    return { body: { items: page.items.map(toProductView), nextCursor: (await writeCursor(listProductsOp, { auth, query }, page.lastKey)) ?? null } };
  }),
  implement(createProductOp, async (r) => reply(await createProduct(deps(), actorOf(r), r.body), 201)),
  implement(getProductOp, async ({ auth, params }) => reply(await loadProduct(deps(), auth.spaceId, params.id))),
  implement(patchProductOp, async (r) => {
    const version = expectedVersion(r.headers);
    return reply(await patchProduct(deps(), actorOf(r), r.params.id, version, r.body));
  }),
  implement(deactivateProductOp, async (r) => reply(await patchProduct(deps(), actorOf(r), r.params.id, undefined, { active: false }))),
));
