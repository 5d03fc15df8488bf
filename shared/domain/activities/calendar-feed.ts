import { createHash, randomBytes } from 'node:crypto';
import type { Actor, AuditEntry, Runtime } from '../audit/audit-entry.js';
import { auditOf } from '../audit/audit-entry.js';
import { NotFoundError } from '../errors.js';
import { toICalendar, type CalendarEntry } from './icalendar.js';

/** Feed tokens (stored by hash) and the calendar lines written with each meeting and task. */
export interface CalendarFeedStore {
  /** Replaces the user's token (the old one stops working in the same transaction). */
  rotate(spaceId: string, userId: string, secretHash: string, audit: AuditEntry): Promise<void>;
  revoke(spaceId: string, userId: string, audit: AuditEntry): Promise<void>;
  findUser(spaceId: string, secretHash: string): Promise<string | undefined>;
  /** The user's meetings and tasks from `from` on, by time. */
  listEntries(spaceId: string, userId: string, from: string, limit: number): Promise<CalendarEntry[]>;
}

export interface CalendarFeedDeps {
  readonly feeds: CalendarFeedStore;
  readonly rt: Runtime;
}

/** How far back the feed reaches; later entries are all listed up to FEED_MAX_ENTRIES. */
export const FEED_PAST_DAYS = 90;
export const FEED_MAX_ENTRIES = 1000;
const TOKEN = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})$/;
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * A new feed token for the caller: `<spaceId>.<256 random bits>`. Calendar clients cannot send a
 * bearer token, so the secret in the URL is the credential; only its hash is stored, and rotating
 * (or revoking) makes the previous URL answer 404 at once. The Space in the token lets the lookup
 * key start with the Space like every other key.
 */
export async function rotateFeedToken(deps: CalendarFeedDeps, actor: Actor): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await deps.feeds.rotate(actor.spaceId, actor.userId, hashOf(secret), auditOf(deps.rt, actor, 'calendar-feed', actor.userId, 'update', { details: { rotated: true } }));
  return `${actor.spaceId}.${secret}`;
}

export async function revokeFeedToken(deps: CalendarFeedDeps, actor: Actor): Promise<void> {
  await deps.feeds.revoke(actor.spaceId, actor.userId, auditOf(deps.rt, actor, 'calendar-feed', actor.userId, 'delete'));
}

/** The feed a token opens. @throws NotFoundError for a malformed, unknown, rotated or revoked token (one answer for all) */
export async function readFeed(deps: CalendarFeedDeps, token: string): Promise<string> {
  const match = TOKEN.exec(token);
  if (!match) throw new NotFoundError('calendar');
  const [, spaceId = '', secret = ''] = match;
  const userId = await deps.feeds.findUser(spaceId, hashOf(secret));
  if (!userId) throw new NotFoundError('calendar');
  const from = new Date(deps.rt.now().getTime() - FEED_PAST_DAYS * 86_400_000).toISOString();
  const entries = await deps.feeds.listEntries(spaceId, userId, from, FEED_MAX_ENTRIES);
  return toICalendar(spaceId, 'Mailbridge: meetings and tasks', entries);
}
