import * as z from 'zod';
import { mailboxId } from './common.js';
import { inboxExample, inboxFields, threadExample, threadView } from './mail-views.js';

/** A thread as the inbox lists it: the thread view plus how staff work it. */
export const inboxThreadView = z.object({ ...threadView.shape, ...inboxFields }).meta({ id: 'InboxThread' });

const facetCount = z.number().int().min(0);
export const inboxCountsView = z.object({
  all: facetCount, unread: facetCount, open: facetCount, completed: facetCount, unassigned: facetCount,
  mine: facetCount.meta({ description: 'Assigned to the caller' }),
  withOrder: facetCount, unlinked: facetCount, inbound: facetCount, outbound: facetCount,
  sms: facetCount.meta({ description: 'SMS threads' }), email: facetCount.meta({ description: 'Mail threads (all but SMS)' }),
  mailboxes: z.array(z.object({ mailboxId, count: facetCount })),
  assignees: z.array(z.object({ userId: z.string(), count: facetCount })),
}).meta({ id: 'InboxCounts' });

export const inboxThreadExample = { ...threadExample, ...inboxExample };
export const inboxCountsExample = {
  all: 120, unread: 7, open: 31, completed: 89, unassigned: 12, mine: 5, withOrder: 18, unlinked: 9, inbound: 40, outbound: 80, sms: 6, email: 114,
  mailboxes: [{ mailboxId: '01JDQ3N0P2Q4R6S8T0V2W4X6Y8', count: 120 }], assignees: [{ userId: 'user-7', count: 19 }],
};
