import { NotFoundError } from '../../domain/errors.js';
import { cancelMergeRequest, confirmMergeRequest, proposeMerge, toMergeRequestView } from '../../domain/merge-requests/merge-request.js';
import { mergeRequestDeps } from '../../deps/workspace-deps.js';
import { actorWithRole } from '../actor.js';
import {
  cancelMergeRequestOp, confirmMergeRequestOp, getMergeRequestOp, listMergeRequestsOp, proposeMergeOp,
} from '../contracts/merge-requests.js';
import { implement, type Operation } from '../http-handler.js';
import { pageLimit, pageReply, readCursor } from '../page-cursor.js';

/** Merge requests (staff propose, an admin confirms). */
export const mergeRequestRoutes: Operation[] = [
  implement(proposeMergeOp, async (r) => ({ status: 201, body: toMergeRequestView(await proposeMerge(mergeRequestDeps(), actorWithRole(r), r.body)) })),
  implement(listMergeRequestsOp, async (r) => {
    const page = await mergeRequestDeps().requests.list(r.auth.spaceId, r.query.status, pageLimit(r.query.limit), await readCursor(listMergeRequestsOp, r));
    return pageReply(listMergeRequestsOp, r, page, toMergeRequestView);
  }),
  implement(getMergeRequestOp, async ({ auth, params }) => {
    const found = await mergeRequestDeps().requests.get(auth.spaceId, params.id);
    if (!found) throw new NotFoundError('merge-request', params.id);
    return { body: toMergeRequestView(found) };
  }),
  implement(confirmMergeRequestOp, async (r) => ({ body: toMergeRequestView(await confirmMergeRequest(mergeRequestDeps(), actorWithRole(r), r.params.id)) })),
  implement(cancelMergeRequestOp, async (r) => ({ body: toMergeRequestView(await cancelMergeRequest(mergeRequestDeps(), actorWithRole(r), r.params.id)) })),
];
