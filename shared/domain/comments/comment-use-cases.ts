import { checkLinks } from '../activities/check-links.js';
import type { WorkspaceLookup } from '../activities/ports.js';
import { auditOf, diffFields, type Actor, type Runtime } from '../audit/audit-entry.js';
import { ForbiddenError, NotFoundError, ValidationError, VersionMismatchError } from '../errors.js';
import type { Comment, CommentStore, CommentTarget } from './comment.js';

export interface CommentDeps {
  readonly comments: CommentStore;
  readonly lookup: WorkspaceLookup;
  /** True when the opportunity exists in the Space. */
  readonly opportunityExists: (spaceId: string, id: string) => Promise<boolean>;
  readonly rt: Runtime;
}

async function checkTarget(deps: CommentDeps, spaceId: string, target: CommentTarget, mentions: readonly string[]): Promise<void> {
  if (target.kind === 'opportunity' && !(await deps.opportunityExists(spaceId, target.id))) {
    throw new ValidationError([{ pointer: '#/target/id', detail: 'no such opportunity' }]);
  }
  await checkLinks(deps.lookup, spaceId, {
    ...(target.kind === 'contact' ? { contactIds: [target.id] } : {}), ...(target.kind === 'company' ? { companyIds: [target.id] } : {}),
    staff: mentions.map((id, i) => ({ id, pointer: `mentions/${i}` })),
  }).catch((err: unknown) => {
    if (err instanceof ValidationError) throw new ValidationError(err.errors.map((e) => (/^#\/(contact|company)Ids\/0$/.test(e.pointer) ? { ...e, pointer: '#/target/id' } : e)));
    throw err;
  });
}

/** @throws NotFoundError */
export async function loadComment(deps: Pick<CommentDeps, 'comments'>, spaceId: string, id: string): Promise<Comment> {
  const c = await deps.comments.getComment(spaceId, id);
  if (!c) throw new NotFoundError('comment', id);
  return c;
}

/** Comments on a contact, company or opportunity, calling out staff by user id. @throws ValidationError */
export async function addComment(deps: CommentDeps, actor: Actor, input: { target: CommentTarget; body: string; mentions: readonly string[] }): Promise<Comment> {
  const mentions = [...new Set(input.mentions)];
  await checkTarget(deps, actor.spaceId, input.target, mentions);
  const now = deps.rt.now().toISOString();
  const c: Comment = { spaceId: actor.spaceId, id: deps.rt.newId(), target: input.target, body: input.body, mentions, authorId: actor.userId, createdAt: now, updatedAt: now, version: 1 };
  await deps.comments.createComment(c, auditOf(deps.rt, actor, 'comment', c.id, 'create', { details: { target: c.target, mentions } }));
  return c;
}

/** Only the author edits; the author or an admin deletes. */
function assertMayChange(c: Comment, actor: Actor & { role: 'admin' | 'staff' }, deleting: boolean): void {
  if (c.authorId === actor.userId || (deleting && actor.role === 'admin')) return;
  throw new ForbiddenError(deleting ? 'Only the author or an admin may delete a comment' : 'Only the author may edit a comment');
}

/** @throws NotFoundError, ForbiddenError, VersionMismatchError, ValidationError */
export async function editComment(deps: CommentDeps, actor: Actor & { role: 'admin' | 'staff' }, id: string, expectedVersion: number,
  patch: { body?: string; mentions?: readonly string[] }): Promise<Comment> {
  const before = await loadComment(deps, actor.spaceId, id);
  assertMayChange(before, actor, false);
  if (before.version !== expectedVersion) throw new VersionMismatchError(before.version);
  const mentions = patch.mentions ? [...new Set(patch.mentions)] : before.mentions;
  await checkTarget(deps, actor.spaceId, before.target, mentions);
  const after: Comment = { ...before, body: patch.body ?? before.body, mentions, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 };
  const changes = diffFields(before, after, ['body', 'mentions']);
  if (Object.keys(changes).length === 0) return before;
  await deps.comments.replaceComment(before, after, auditOf(deps.rt, actor, 'comment', id, 'update', { changes }));
  return after;
}

/** @throws NotFoundError, ForbiddenError */
export async function removeComment(deps: CommentDeps, actor: Actor & { role: 'admin' | 'staff' }, id: string): Promise<void> {
  const before = await loadComment(deps, actor.spaceId, id);
  assertMayChange(before, actor, true);
  await deps.comments.deleteComment(before, auditOf(deps.rt, actor, 'comment', id, 'delete', { details: { snapshot: { target: before.target, body: before.body, mentions: before.mentions, authorId: before.authorId } } }));
}
