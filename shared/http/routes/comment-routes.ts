import { toCommentView, type CommentTarget } from '../../domain/comments/comment.js';
import { addComment, editComment, removeComment } from '../../domain/comments/comment-use-cases.js';
import { NotFoundError } from '../../domain/errors.js';
import { requireCustomer } from '../../deps/customer-records.js';
import { commentDeps, opportunityDeps } from '../../deps/workspace-deps.js';
import { actorOf, actorWithRole } from '../actor.js';
import {
  companyCommentsOp, contactCommentsOp, createCommentOp, deleteCommentOp, myMentionsOp, opportunityCommentsOp, patchCommentOp,
} from '../contracts/comments.js';
import { implement, type HttpRequest, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { pageLimit, pageReply, readCursor } from '../page-cursor.js';

const commentsOf = (kind: CommentTarget['kind']) => {
  const op = kind === 'contact' ? contactCommentsOp : kind === 'company' ? companyCommentsOp : opportunityCommentsOp;
  return async (r: HttpRequest<typeof op>) => {
    if (kind !== 'opportunity') await requireCustomer(kind, r.auth.spaceId, r.params.id);
    else if (!await opportunityDeps().opportunities.getOpportunity(r.auth.spaceId, r.params.id)) throw new NotFoundError(kind, r.params.id);
    const page = await commentDeps().comments.listByTarget(r.auth.spaceId, { kind, id: r.params.id }, pageLimit(r.query.limit), await readCursor(op, r));
    return pageReply(op, r, page, toCommentView);
  };
};

/** Comments with mentions on contacts, companies and opportunities, and the caller's mentions. */
export const commentRoutes: Operation[] = [
  implement(createCommentOp, async (r) => {
    const c = await addComment(commentDeps(), actorOf(r), { ...r.body, mentions: r.body.mentions ?? [] });
    return { status: 201, body: toCommentView(c), headers: { etag: etagOf(c.version) } };
  }),
  implement(patchCommentOp, async (r) => {
    const c = await editComment(commentDeps(), actorWithRole(r), r.params.id, expectedVersion(r.headers), r.body);
    return { body: toCommentView(c), headers: { etag: etagOf(c.version) } };
  }),
  implement(deleteCommentOp, async (r) => {
    await removeComment(commentDeps(), actorWithRole(r), r.params.id);
    return { status: 204 };
  }),
  implement(contactCommentsOp, commentsOf('contact')),
  implement(companyCommentsOp, commentsOf('company')),
  implement(opportunityCommentsOp, commentsOf('opportunity')),
  implement(myMentionsOp, async (r) => {
    const page = await commentDeps().comments.listMentions(r.auth.spaceId, r.auth.userId, pageLimit(r.query.limit), await readCursor(myMentionsOp, r));
    return pageReply(myMentionsOp, r, page, toCommentView);
  }),
];
