import { createProduct, loadProduct, patchProduct, toProductView, type Product } from '../../domain/products/product.js';
import { productDeps } from '../../deps/crm-deps.js';
import { actorOf } from '../actor.js';
import {
  createProductOp, deactivateProductOp, getProductOp, listProductsOp, patchProductOp,
} from '../contracts/products.js';
import { implement, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { pageLimit, pageReply, readCursor } from '../page-cursor.js';

const reply = (p: Product, status = 200) => ({ status, body: toProductView(p), headers: { etag: etagOf(p.version) } });

/** The product catalog: list, create, read, change, deactivate. */
export const productRoutes: Operation[] = [
  implement(listProductsOp, async ({ auth, query }) => {
    const page = await productDeps().products.listProducts(auth.spaceId, {
      active: query.active === 'true', limit: pageLimit(query.limit),
      ...(query.cursor ? { startKey: await readCursor(listProductsOp, { auth, query }) } : {}),
    });
    return pageReply(listProductsOp, { auth, query }, page, toProductView);
  }),
  implement(createProductOp, async (r) => reply(await createProduct(productDeps(), actorOf(r), r.body), 201)),
  implement(getProductOp, async ({ auth, params }) => reply(await loadProduct(productDeps(), auth.spaceId, params.id))),
  implement(patchProductOp, async (r) => {
    const version = expectedVersion(r.headers);
    return reply(await patchProduct(productDeps(), actorOf(r), r.params.id, version, r.body));
  }),
  implement(deactivateProductOp, async (r) => reply(await patchProduct(productDeps(), actorOf(r), r.params.id, undefined, { active: false }))),
];
