import * as z from 'zod';

/**
 * What a non-owner sees of private mail: `metadata` (who, when, direction; no subject, snippet,
 * body or attachments), `subject` (that plus the subject), `everything` (nothing hidden).
 */
export const PRIVACY_LEVELS = ['metadata', 'subject', 'everything'] as const;
export type PrivacyLevel = (typeof PRIVACY_LEVELS)[number];
/** A level, or `none` when the caller may not even know the mail exists (a restricted thread). */
export type MailVisibility = PrivacyLevel | 'none';

export const privacyLevelSchema = z.enum(PRIVACY_LEVELS)
  .meta({ description: 'What non-owners see: `metadata` (participants, date, direction), `subject` (also the subject), `everything`' });

/** "All mail of this mailbox / with this contact or company is private", and who owns it. */
export const privateScopeSchema = z.strictObject({
  scope: z.enum(['mailbox', 'contact', 'company']),
  id: z.string().min(1).max(64),
  level: privacyLevelSchema.default('metadata'),
  /** Staff user ids that see everything of this mail (admins always do). */
  ownerIds: z.array(z.string().min(1).max(128)).max(50).default([]),
});
export type PrivateScope = z.output<typeof privateScopeSchema>;

export interface Viewer {
  readonly userId: string;
  readonly role: 'admin' | 'staff';
}

/** What the visibility rule reads of the Space's mail rules. */
export interface MailPolicy {
  readonly privacy: readonly PrivateScope[];
  /** Addresses and `@domain`s: imported mail with one of them among its participants is hidden from everyone. */
  readonly blocklist: readonly string[];
}

/** What the rule reads of a thread: the union over its messages, as the linker keeps it. */
export interface MailFacts {
  /** External addresses on the thread's mail, normalized. */
  readonly participants: readonly string[];
  readonly mailboxIds: readonly string[];
  readonly contactIds: readonly string[];
  readonly companyIds: readonly string[];
  readonly assigneeId?: string;
  readonly restricted?: boolean;
  /** The strictest level an exclusion rule gave one of its messages. */
  readonly privacy?: PrivacyLevel;
  /** Soft-deleted by the blocklist (stored on the thread): hidden from everyone until the entry goes. */
  readonly hidden?: boolean;
  /** Deleted by staff: hidden from everyone, admins included. */
  readonly deleted?: boolean;
}

const rank: Record<PrivacyLevel, number> = { metadata: 0, subject: 1, everything: 2 };
/** The stricter of two levels. */
export const stricter = (a: PrivacyLevel, b: PrivacyLevel): PrivacyLevel => (rank[a] <= rank[b] ? a : b);

const applies = (s: PrivateScope, f: MailFacts): boolean =>
  (s.scope === 'mailbox' ? f.mailboxIds : s.scope === 'contact' ? f.contactIds : f.companyIds).includes(s.id);

/** Whether an address is on the blocklist (an address, or an exact `@domain`). */
export const isBlocked = (blocklist: readonly string[], address: string): boolean =>
  blocklist.some((entry) => (entry.startsWith('@') ? address.endsWith(entry) : address === entry));

/**
 * How much of a thread's mail one caller sees. A thread with a blocklisted participant is hidden
 * from everyone: at once through the live list, and through the soft delete stored on the thread
 * until the job that follows removing the entry clears it (nothing is deleted). Admins and the thread's assignee see everything
 * (a restricted thread: only they see it at all); the owners named on a private mailbox, contact
 * or company see everything that entry hides; mail a rule made private is owned by the owners of
 * its mailbox's entry. Everyone else gets the strictest level that applies.
 */
export function mailVisibility(policy: MailPolicy, viewer: Viewer, facts: MailFacts): MailVisibility {
  if (facts.hidden || facts.deleted) return 'none';
  if (policy.blocklist.length > 0 && facts.participants.some((a) => isBlocked(policy.blocklist, a.toLowerCase()))) return 'none';
  const scopes = policy.privacy;
  const privileged = viewer.role === 'admin' || (facts.assigneeId !== undefined && facts.assigneeId === viewer.userId);
  if (facts.restricted && !privileged) return 'none';
  if (privileged) return 'everything';
  const matching = scopes.filter((s) => applies(s, facts));
  const owns = (s: PrivateScope) => s.ownerIds.includes(viewer.userId);
  let level: PrivacyLevel = 'everything';
  for (const s of matching) if (!owns(s)) level = stricter(level, s.level);
  const ownsMailbox = matching.some((s) => s.scope === 'mailbox' && owns(s));
  if (facts.privacy && !ownsMailbox) level = stricter(level, facts.privacy);
  return level;
}

type MailView = {
  subject?: string; snippet?: string; text?: string; html?: string | null; attachments?: readonly unknown[]; attachmentCount?: number;
  messages?: readonly MailView[];
};

/**
 * A mail response view (thread, message, timeline line) with what `level` hides blanked out,
 * and `privacy` set when anything was hidden. `none` is the caller's job (404 or left out).
 */
export function redactMailView<T extends MailView>(view: T, level: MailVisibility): T {
  if (level === 'everything' || level === 'none') return view;
  const out: MailView & { privacy?: PrivacyLevel } = { ...view, privacy: level };
  if (level === 'metadata' && out.subject !== undefined) out.subject = '';
  if (out.snippet !== undefined) out.snippet = '';
  if (out.text !== undefined) out.text = '';
  if (out.html !== undefined) out.html = null;
  if (out.attachments !== undefined) out.attachments = [];
  if (out.attachmentCount !== undefined) out.attachmentCount = 0;
  if (out.messages !== undefined) out.messages = out.messages.map((m) => redactMailView(m, level));
  return out as T;
}

/** A thread summary as a non-owner may search or show it (subject and snippet blanked as the level says). */
export function redactThreadText<T extends { subject: string; lastSnippet: string; openingWords?: readonly string[] }>(thread: T, level: MailVisibility): T {
  if (level === 'everything' || level === 'none') return thread;
  // The opening words are words of a body: searching by them would reveal it.
  return { ...thread, subject: level === 'metadata' ? '' : thread.subject, lastSnippet: '', ...(thread.openingWords ? { openingWords: [] } : {}) };
}
