import type { AuditEntry } from '../audit/audit-entry.js';

export const COMMENT_TARGETS = ['contact', 'company', 'opportunity'] as const;
export type CommentTarget = { readonly kind: (typeof COMMENT_TARGETS)[number]; readonly id: string };
export const COMMENT_LIMITS = { body: 5000, mentions: 20 } as const;

/** A staff note on a contact, company or opportunity; `mentions` are staff user ids it calls out. */
export interface Comment {
  readonly spaceId: string;
  readonly id: string;
  readonly target: CommentTarget;
  readonly body: string;
  readonly mentions: readonly string[];
  readonly authorId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface CommentStore {
  getComment(spaceId: string, id: string): Promise<Comment | undefined>;
  createComment(c: Comment, audit: AuditEntry): Promise<void>;
  /** @throws VersionMismatchError */
  replaceComment(before: Comment, after: Comment, audit: AuditEntry): Promise<void>;
  /** @throws VersionMismatchError */
  deleteComment(c: Comment, audit: AuditEntry): Promise<void>;
}

export const toCommentView = (c: Comment) => ({
  id: c.id, target: c.target, body: c.body, mentions: c.mentions, authorId: c.authorId, createdAt: c.createdAt, updatedAt: c.updatedAt, version: c.version,
});
