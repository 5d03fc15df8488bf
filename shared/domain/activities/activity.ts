/** What staff log by hand; synced mail reaches the timeline by itself (kind `mail`). */
export const ACTIVITY_TYPES = ['meeting', 'call', 'email', 'visit', 'note', 'task'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
/** Types that take a place in a calendar (the iCalendar feed). */
export const CALENDAR_TYPES: readonly ActivityType[] = ['meeting', 'task'];

export const ACTIVITY_LIMITS = { subject: 200, outcome: 2000, notes: 10_000, contacts: 20, companies: 5, staff: 10, durationMinutes: 24 * 60 } as const;

/** A logged interaction with customers: who, when, how long, with whom, and what came of it. */
export interface LoggedActivity {
  readonly spaceId: string;
  readonly id: string;
  readonly type: ActivityType;
  readonly subject: string;
  /** Start (meeting, call, visit) or due time (task), ISO UTC. */
  readonly at: string;
  readonly durationMinutes?: number;
  /** The staff user responsible. */
  readonly ownerId: string;
  /** Other staff users who took part. */
  readonly staffIds: readonly string[];
  readonly contactIds: readonly string[];
  readonly companyIds: readonly string[];
  readonly orderId?: string;
  readonly threadId?: string;
  readonly outcome?: string;
  readonly notes?: string;
  readonly location?: string;
  /** Tasks: when it was done. */
  readonly doneAt?: string;
  /** A meeting planned ahead (a to-do list entry until done), not one logged after the fact. */
  readonly appointment?: boolean;
  /** A task due on a day rather than at a time (`at` is then the last millisecond of that day in `timeZone`). */
  readonly dueDate?: string;
  /** The IANA zone the due day or wall-clock times were given in. */
  readonly timeZone?: string;
  /** The message a to-do or appointment was made from (its thread is `threadId`). */
  readonly messageId?: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Fields a caller sets; the rest is bookkeeping. */
export type ActivityFields = Pick<LoggedActivity, 'type' | 'subject' | 'at' | 'ownerId' | 'staffIds' | 'contactIds' | 'companyIds'>
  & Partial<Pick<LoggedActivity, 'durationMinutes' | 'orderId' | 'threadId' | 'outcome' | 'notes' | 'location' | 'doneAt'
  | 'appointment' | 'dueDate' | 'timeZone' | 'messageId'>>;

/** Fields whose change an audit row lists (old → new). */
export const ACTIVITY_AUDITED = [
  'type', 'subject', 'at', 'durationMinutes', 'ownerId', 'staffIds', 'contactIds', 'companyIds', 'orderId', 'threadId', 'outcome', 'notes', 'location', 'doneAt',
  'appointment', 'dueDate', 'timeZone', 'messageId',
] as const satisfies readonly (keyof LoggedActivity)[];

/** The staff users whose calendars show the activity (owner first, no repeats); none for calls, visits, notes. */
export const calendarUsersOf = (a: Pick<LoggedActivity, 'type' | 'ownerId' | 'staffIds'>): string[] =>
  (CALENDAR_TYPES.includes(a.type) ? [...new Set([a.ownerId, ...a.staffIds])] : []);

export const toLoggedActivityView = (a: LoggedActivity) => ({
  id: a.id, type: a.type, subject: a.subject, at: a.at, durationMinutes: a.durationMinutes ?? null, ownerId: a.ownerId,
  staffIds: a.staffIds, contactIds: a.contactIds, companyIds: a.companyIds, orderId: a.orderId ?? null, threadId: a.threadId ?? null,
  outcome: a.outcome ?? null, notes: a.notes ?? null, location: a.location ?? null, doneAt: a.doneAt ?? null,
  createdBy: a.createdBy, createdAt: a.createdAt, updatedAt: a.updatedAt, version: a.version,
});
