import type { OrderStatus } from '../orders/order.js';
import { toActivityView } from '../threads/activity-views.js';
import type { ActivityEntry } from '../threads/ports.js';
import { ACTIVITY_TYPES, type ActivityType } from './activity.js';

/** What a timeline can be filtered by: logged types, `email` (synced or logged) and `order`. */
export const TIMELINE_TYPES = [...ACTIVITY_TYPES, 'order'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

/** One line of a contact's or company's timeline. */
export type TimelineEntry =
  | { readonly kind: 'mail'; readonly type: 'email'; readonly at: string; readonly mail: ActivityEntry }
  | {
    readonly kind: 'activity'; readonly type: ActivityType; readonly at: string; readonly activityId: string; readonly subject: string;
    readonly ownerId: string; readonly durationMinutes?: number; readonly outcome?: string; readonly doneAt?: string;
  }
  | {
    /** Mail staff deleted (DELETE /threads/{id}): the history left where it was. */
    readonly kind: 'deleted_mail'; readonly type: 'email'; readonly at: string; readonly threadId: string; readonly byUserId: string;
    readonly mode: 'crm' | 'mailbox'; readonly messages: number; readonly subject?: string;
  }
  | {
    readonly kind: 'order'; readonly type: 'order'; readonly at: string; readonly orderId: string; readonly status: OrderStatus;
    readonly total: number; readonly currency: string; readonly memo: string;
  };

/**
 * A timeline line as the API shows it: `kind` and `type` on every line; mail lines keep every field
 * the mail-only timeline had (messageId, subject, sender, convertible...).
 */
export function toTimelineView(e: TimelineEntry) {
  switch (e.kind) {
    case 'mail': return { kind: e.kind, type: e.type, at: e.at, ...toActivityView(e.mail) };
    case 'activity': return {
      kind: e.kind, type: e.type, at: e.at, activityId: e.activityId, subject: e.subject, ownerId: e.ownerId,
      durationMinutes: e.durationMinutes ?? null, outcome: e.outcome ?? null, doneAt: e.doneAt ?? null,
    };
    case 'deleted_mail': return {
      kind: e.kind, type: e.type, at: e.at, threadId: e.threadId, deletedBy: e.byUserId, mode: e.mode, messageCount: e.messages, subject: e.subject ?? '',
    };
    case 'order': return { kind: e.kind, type: e.type, at: e.at, orderId: e.orderId, status: e.status, total: e.total, currency: e.currency, memo: e.memo };
  }
}
