import * as z from 'zod';
import { COMMENT_LIMITS as L, COMMENT_TARGETS } from '../../domain/comments/comment.js';
import { noteText } from '../../domain/contacts/text-rules.js';
import { contract } from '../contract.js';
import { commentExample, createCommentExample, noContent, ok, page, patchCommentExample } from './workspace-examples.js';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'is not an id');
const userId = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'is not a user id');
const idParams = z.strictObject({ id });
const pageQuery = z.strictObject({ limit: z.coerce.number().int().min(1).optional(), cursor: z.string().max(4096).optional() });
const body = noteText(L.body).refine((v) => v.trim().length > 0, 'must not be empty');

export const createCommentBody = z.strictObject({
  target: z.strictObject({ kind: z.enum(COMMENT_TARGETS), id }),
  body,
  /** Staff user ids the comment calls out; each sees it in GET /me/mentions. */
  mentions: z.array(userId).max(L.mentions).optional(),
});
export const patchCommentBody = z.strictObject({ body, mentions: z.array(userId).max(L.mentions) }).partial();

const commentView = z.object({
  id: z.string(), target: z.object({ kind: z.enum(COMMENT_TARGETS), id: z.string() }), body: z.string(), mentions: z.array(z.string()),
  authorId: z.string(), createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
const commentPage = z.object({ items: z.array(commentView), nextCursor: z.string().nullable() });

const tag = 'comments';
const fn = 'workspace-api' as const;
export const createCommentOp = contract({ operationId: 'createComment', method: 'POST', path: '/comments', fn, tag, body: createCommentBody, responses: ok(201, commentView, commentExample), summary: 'Comment on a contact, company or opportunity, mentioning staff; audited (400 unknown target or staff user)', requestExample: createCommentExample, description: 'Comment on a contact, company or opportunity, mentioning staff; audited (400 unknown target or staff user)'});
export const patchCommentOp = contract({ operationId: 'patchComment', method: 'PATCH', path: '/comments/{id}', fn, tag, params: idParams, body: patchCommentBody, responses: ok(200, commentView, commentExample), problems: ['not-found', 'forbidden'], summary: 'Edit your comment; audited (If-Match: 428, 412; 403 not the author; 404)', requestExample: patchCommentExample, requestHeaders: ['if-match'], description: 'Edit your comment; audited (If-Match: 428, 412; 403 not the author; 404)'});
export const deleteCommentOp = contract({ operationId: 'deleteComment', method: 'DELETE', path: '/comments/{id}', fn, tag, params: idParams, successStatus: 204, problems: ['not-found', 'forbidden'], summary: 'Delete a comment (its author or an admin); audited with what it said (403; 404)', responses: noContent, description: 'Delete a comment (its author or an admin); audited with what it said (403; 404)'});
export const contactCommentsOp = contract({ operationId: 'listContactComments', method: 'GET', path: '/contacts/{id}/comments', fn, tag, params: idParams, query: pageQuery, responses: ok(200, commentPage, page(commentExample)), problems: ['not-found'], summary: 'Comments on a contact, newest first (404 unknown contact)', description: 'Comments on a contact, newest first (404 unknown contact)'});
export const companyCommentsOp = contract({ operationId: 'listCompanyComments', method: 'GET', path: '/companies/{id}/comments', fn, tag, params: idParams, query: pageQuery, responses: ok(200, commentPage, page(commentExample)), problems: ['not-found'], summary: 'Comments on a company, newest first (404 unknown company)', description: 'Comments on a company, newest first (404 unknown company)'});
export const opportunityCommentsOp = contract({ operationId: 'listOpportunityComments', method: 'GET', path: '/opportunities/{id}/comments', fn, tag, params: idParams, query: pageQuery, responses: ok(200, commentPage, page(commentExample)), problems: ['not-found'], summary: 'Comments on an opportunity, newest first (404 unknown opportunity)', description: 'Comments on an opportunity, newest first (404 unknown opportunity)'});
export const myMentionsOp = contract({ operationId: 'listMyMentions', method: 'GET', path: '/me/mentions', fn, tag, query: pageQuery, responses: ok(200, commentPage, page(commentExample)), summary: 'Comments that mention the caller, newest first', description: 'Comments that mention the caller, newest first'});

export const comments = [createCommentOp, patchCommentOp, deleteCommentOp, contactCommentsOp, companyCommentsOp, opportunityCommentsOp, myMentionsOp];
