import { createHash } from 'node:crypto';
import { isReplySubject, subjectKey } from './normalize-subject.js';
import type { ParsedMail } from './parsed-mail.js';

/** A thread found by looking up one of the mail's in-reply-to/references ids. */
export interface ThreadByMessageId {
  readonly messageId: string;
  readonly threadId: string;
}

/** A recent thread with the same subject key, found by the subject lookup. */
export interface ThreadBySubject {
  readonly threadId: string;
  readonly subjectKey: string;
  /** ISO time of the thread's latest message. */
  readonly lastMessageAt: string;
  /** Normalized external addresses on the thread. */
  readonly participants: readonly string[];
}

export interface ThreadCandidates {
  readonly byMessageId: readonly ThreadByMessageId[];
  readonly bySubject: readonly ThreadBySubject[];
}

export interface ResolvedThread {
  readonly threadId: string;
  /** `reference`: a parent was found; `subject`: fallback match; `new`: derived from the root id. */
  readonly via: 'reference' | 'subject' | 'new';
  /** The id the new thread id derives from: first reference, else in-reply-to, else own id. */
  readonly rootMessageId: string;
}

export const SUBJECT_WINDOW_DAYS = 14;

/** Deterministic id of a thread rooted at a message id (32 hex chars). */
export function threadIdFor(spaceId: string, rootMessageId: string): string {
  return createHash('sha256').update(`${spaceId}\nthread\n${rootMessageId}`, 'utf8').digest('hex').slice(0, 32);
}

/** The root id of a mail's thread: the first reference, else in-reply-to, else its own id. */
export function threadRootOf(parsed: Pick<ParsedMail, 'messageId' | 'inReplyTo' | 'references'>): string {
  const refs = parsed.references.filter((id) => id !== parsed.messageId);
  return refs[0] ?? (parsed.inReplyTo !== parsed.messageId ? parsed.inReplyTo : undefined) ?? parsed.messageId;
}

/**
 * Picks the thread for a mail from the lookups' results. Order: a parent's thread (in-reply-to,
 * then the nearest reference); else, only for a mail with no reference headers whose subject is a
 * reply, a thread with the same subject key active within 14 days that shares a participant; else
 * a new id derived from the root id, so a reply linked before its parent (Q7) and the parent get
 * the same thread. Reads only flat lists, so a References cycle (M9) cannot loop.
 */
export function resolveThread(input: {
  spaceId: string;
  parsed: Pick<ParsedMail, 'messageId' | 'inReplyTo' | 'references' | 'subject' | 'date'>;
  participants: readonly string[];
  candidates: ThreadCandidates;
}): ResolvedThread {
  const { parsed, candidates } = input;
  const rootMessageId = threadRootOf(parsed);
  const derived = threadIdFor(input.spaceId, rootMessageId);
  const byId = new Map(candidates.byMessageId.map((c) => [c.messageId, c.threadId]));
  const parents = [parsed.inReplyTo, ...[...parsed.references].reverse()]
    .filter((id): id is string => id !== undefined && id !== parsed.messageId);
  const threadIds = parents.map((id) => byId.get(id)).filter((t): t is string => t !== undefined);
  if (threadIds.includes(derived)) return { threadId: derived, via: 'reference', rootMessageId };
  if (threadIds[0] !== undefined) return { threadId: threadIds[0], via: 'reference', rootMessageId };
  if (parents.length === 0 && isReplySubject(parsed.subject)) {
    const match = matchBySubject(parsed, input.participants, candidates.bySubject);
    if (match) return { threadId: match, via: 'subject', rootMessageId };
  }
  return { threadId: derived, via: 'new', rootMessageId };
}

function matchBySubject(
  parsed: Pick<ParsedMail, 'subject' | 'date'>,
  participants: readonly string[],
  threads: readonly ThreadBySubject[],
): string | undefined {
  const key = subjectKey(parsed.subject);
  const at = parsed.date ? Date.parse(parsed.date) : NaN;
  if (key === '' || Number.isNaN(at)) return undefined;
  const windowMs = SUBJECT_WINDOW_DAYS * 86_400_000;
  const people = new Set(participants);
  const fits = threads.filter((t) => t.subjectKey === key
    && Math.abs(at - Date.parse(t.lastMessageAt)) <= windowMs
    && t.participants.some((p) => people.has(p)));
  fits.sort((a, b) => Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt) || a.threadId.localeCompare(b.threadId));
  return fits[0]?.threadId;
}
