import { z } from 'zod';
import { contract } from '../contract.js';

const tag = 'calendar';
const fn = 'workspace-api' as const;
const feedView = z.object({ token: z.string(), path: z.string() });

export const rotateFeedOp = contract({
  operationId: 'rotateCalendarFeed', method: 'POST', path: '/me/calendar-feed', fn, tag, successStatus: 201, response: feedView,
  summary: 'A new secret calendar feed URL for your meetings and tasks (shown once; the previous one stops working)',
});
export const revokeFeedOp = contract({ operationId: 'revokeCalendarFeed', method: 'DELETE', path: '/me/calendar-feed', fn, tag, successStatus: 204, summary: 'Turn your calendar feed off' });
export const calendarFeedOp = contract({
  operationId: 'getCalendarFeed', method: 'GET', path: '/calendar/{token}', fn, tag, auth: 'none',
  params: z.strictObject({ token: z.string().max(120) }), response: z.string(),
  summary: 'text/calendar (RFC 5545) of one staff user\'s meetings (VEVENT) and tasks (VTODO). No JWT: the token in the path is the credential (404 for an unknown, rotated or revoked one)',
});

export const calendar = [rotateFeedOp, revokeFeedOp, calendarFeedOp];
