import * as z from 'zod';
import { MERGE_REQUEST_STATUSES } from '../../domain/merge-requests/merge-request.js';
import { contract } from '../contract.js';
import { mergeRequestExample, ok, page, proposeMergeExample } from './workspace-examples.js';

const id = z.string().min(1).max(64);
const idParams = z.strictObject({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'is not an id') });

export const proposeMergeBody = z.strictObject({
  entity: z.enum(['contact', 'company']),
  masterId: id,
  mergedIds: z.array(id).min(1).max(20),
  fields: z.record(z.string().max(40), id).optional(),
  note: z.string().max(500).regex(/^[^\p{Cc}]*$/u, 'must be one line without control characters').optional(),
});
export const listMergeRequestsQuery = z.strictObject({
  status: z.enum(MERGE_REQUEST_STATUSES).default('pending'),
  limit: z.coerce.number().int().min(1).optional(),
  cursor: z.string().max(4096).optional(),
});

const view = z.object({
  id: z.string(), entity: z.enum(['contact', 'company']), masterId: z.string(), mergedIds: z.array(z.string()), fields: z.record(z.string(), z.string()),
  note: z.string().nullable(), status: z.enum(MERGE_REQUEST_STATUSES), preview: z.record(z.string(), z.number()), proposedBy: z.string(), createdAt: z.string(),
  decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), result: z.unknown(),
});

const tag = 'merge-requests';
const fn = 'workspace-api' as const;
export const proposeMergeOp = contract({ operationId: 'proposeMerge', method: 'POST', path: '/merge-requests', fn, tag, body: proposeMergeBody, responses: ok(201, view, mergeRequestExample), problems: ['not-found', 'record-merged', 'conflict', 'merge-in-progress'], summary: 'Propose a merge of contacts or companies for an admin to confirm; its preview runs now (404 unknown record; 409 merged or in a merge; 400)', requestExample: proposeMergeExample, description: 'Propose a merge of contacts or companies for an admin to confirm; its preview runs now (404 unknown record; 409 merged or in a merge; 400)'});
export const listMergeRequestsOp = contract({ operationId: 'listMergeRequests', method: 'GET', path: '/merge-requests', fn, tag, query: listMergeRequestsQuery, responses: ok(200, z.object({ items: z.array(view), nextCursor: z.string().nullable() }), page(mergeRequestExample)), summary: 'Merge requests in one status (pending by default), newest first', description: 'Merge requests in one status (pending by default), newest first'});
export const getMergeRequestOp = contract({ operationId: 'getMergeRequest', method: 'GET', path: '/merge-requests/{id}', fn, tag, params: idParams, responses: ok(200, view, mergeRequestExample), problems: ['not-found'], summary: 'One merge request (404)', description: 'One merge request (404)'});
export const confirmMergeRequestOp = contract({ operationId: 'confirmMergeRequest', method: 'POST', path: '/merge-requests/{id}/confirm', fn, tag, params: idParams, role: 'admin', successStatus: 200, responses: ok(200, view, mergeRequestExample), problems: ['not-found', 'record-merged', 'conflict', 'merge-in-progress'], summary: 'Run the proposed merge and mark the request merged; repeatable (admin; 403; 404; 409 cancelled or a merge conflict)', description: 'Run the proposed merge and mark the request merged; repeatable (admin; 403; 404; 409 cancelled or a merge conflict)'});
export const cancelMergeRequestOp = contract({ operationId: 'cancelMergeRequest', method: 'POST', path: '/merge-requests/{id}/cancel', fn, tag, params: idParams, successStatus: 200, responses: ok(200, view, mergeRequestExample), problems: ['not-found', 'forbidden', 'conflict'], summary: 'Withdraw a pending request (its proposer or an admin; 403; 404; 409 merged)', description: 'Withdraw a pending request (its proposer or an admin; 403; 404; 409 merged)'});

export const mergeRequests = [proposeMergeOp, listMergeRequestsOp, getMergeRequestOp, confirmMergeRequestOp, cancelMergeRequestOp];
