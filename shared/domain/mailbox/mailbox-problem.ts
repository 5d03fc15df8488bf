import { createHash } from 'node:crypto';

/**
 * Mail of a mailbox that was not imported in full, and why: `unfetchable` (the server refused to
 * send it, so the cursor moved past it), `too-large` (kept as headers and a marker), `unparsable`
 * (kept headers-only with the parser's reason).
 */
export type MailboxProblemKind = 'unfetchable' | 'too_large' | 'unparsable';

export interface MailboxProblem {
  readonly id: string;
  readonly kind: MailboxProblemKind;
  readonly reason: string;
  readonly folder?: string;
  readonly folderRole?: 'inbox' | 'sent' | 'other';
  readonly uidValidity?: string;
  readonly uid?: number;
  readonly size?: number;
  readonly messageId?: string;
  readonly subject?: string;
  /** Claim check of what is stored (the raw mail, or its headers for too-large mail). */
  readonly rawKey?: string;
  readonly sha256?: string;
  readonly attempts: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  /** Set by POST .../retry; the next sync run (or the parser) tries again and clears it. */
  readonly retryRequestedAt?: string;
}

export type ProblemReport = Omit<MailboxProblem, 'attempts' | 'firstSeenAt' | 'lastSeenAt' | 'retryRequestedAt'>;

/** Where problems are kept (shared/store/mailbox-problem-store.ts); they go with the mailbox. */
export interface MailboxProblemRepo {
  /** Adds one attempt to the problem (creating it), refreshing its reason; clears a retry request. */
  recordProblem(spaceId: string, mailboxId: string, problem: ProblemReport, at: string): Promise<void>;
  listProblems(spaceId: string, mailboxId: string): Promise<MailboxProblem[]>;
  /** One page of the mailbox's problems in a stable order. */
  pageProblems(spaceId: string, mailboxId: string, limit: number, startKey?: Record<string, unknown>): Promise<{ items: MailboxProblem[]; lastKey?: Record<string, unknown> }>;
  /** @throws NotFoundError */
  getProblem(spaceId: string, mailboxId: string, problemId: string): Promise<MailboxProblem>;
  /** @throws NotFoundError */
  requestRetry(spaceId: string, mailboxId: string, problemId: string, at: string): Promise<MailboxProblem>;
  /** The problem is gone (imported after all, or obsolete); a no-op when already removed. */
  resolveProblem(spaceId: string, mailboxId: string, problemId: string): Promise<void>;
}

/** A stable id: the same UID (or the same raw mail) always names the same problem. */
export function problemIdOf(kind: MailboxProblemKind, ...parts: readonly (string | number)[]): string {
  const digest = createHash('sha256').update([kind, ...parts].join('\n')).digest('hex').slice(0, 32);
  return `${kind === 'unparsable' ? 'p' : 'f'}${digest}`;
}

/** The id of a fetch problem (unfetchable or too-large) of one UID of one folder. */
export const fetchProblemId = (folder: string, uidValidity: string, uid: number): string => problemIdOf('unfetchable', folder, uidValidity, uid);

/** Counts per kind, for the mailbox view. */
export function countProblems(problems: readonly MailboxProblem[]): Record<MailboxProblemKind, number> {
  const counts: Record<MailboxProblemKind, number> = { 'unfetchable': 0, 'too_large': 0, 'unparsable': 0 };
  for (const p of problems) counts[p.kind]++;
  return counts;
}
