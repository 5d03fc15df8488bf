import type { AuditEntry } from '../audit/audit-entry.js';
import type { LoggedActivity } from './activity.js';

/** Logged activities with their timeline and calendar lines, each change in one transaction with its audit row. */
export interface LoggedActivityStore {
  getActivity(spaceId: string, id: string): Promise<LoggedActivity | undefined>;
  /** @throws ConflictError when the id exists */
  createActivity(activity: LoggedActivity, audit: AuditEntry): Promise<void>;
  /** Replaces `before` (still at its version) with `after`, moving its timeline and calendar lines. @throws VersionMismatchError */
  replaceActivity(before: LoggedActivity, after: LoggedActivity, audit: AuditEntry): Promise<void>;
  /** @throws VersionMismatchError when it changed since read */
  deleteActivity(activity: LoggedActivity, audit: AuditEntry): Promise<void>;
}

/** Is each referenced record a live one of the Space? The workspace checks links before it writes them. */
export interface WorkspaceLookup {
  /** Per contact id: its company id (null for none), or undefined when there is no such unmerged contact. */
  contactCompanies(spaceId: string, ids: readonly string[]): Promise<(string | null | undefined)[]>;
  /** Per company id: true when it exists and is not merged. */
  companiesExist(spaceId: string, ids: readonly string[]): Promise<boolean[]>;
  orderExists(spaceId: string, id: string): Promise<boolean>;
  threadExists(spaceId: string, id: string): Promise<boolean>;
  /** Per user id: true when the user has used the Space (the staff list). */
  staffExist(spaceId: string, ids: readonly string[]): Promise<boolean[]>;
}

/** What a to-do takes from the thread or message it is made from. */
export interface TodoSource {
  readonly threadId: string;
  readonly messageId?: string;
  /** The subject, only when every staff user may read it (a to-do's title shows on timelines and lists). */
  readonly subject?: string;
  readonly contactIds: readonly string[];
  readonly companyIds: readonly string[];
}
