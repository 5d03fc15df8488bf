import * as z from 'zod';
import { contract } from '../contract.js';
import { calendarExample, feedExample, noContent, ok } from './workspace-examples.js';

const tag = 'calendar';
const fn = 'workspace-api' as const;
const feedView = z.object({ token: z.string(), path: z.string() });

export const rotateFeedOp = contract({
  operationId: 'rotateCalendarFeed', method: 'POST', path: '/me/calendar-feed', fn, tag, successStatus: 201, responses: ok(201, feedView, feedExample),
  summary: 'A new secret calendar feed URL for your meetings and tasks (shown once; the previous one stops working)', description: 'A new secret calendar feed URL for your meetings and tasks (shown once; the previous one stops working)'});
export const revokeFeedOp = contract({ operationId: 'revokeCalendarFeed', method: 'DELETE', path: '/me/calendar-feed', fn, tag, successStatus: 204, summary: 'Turn your calendar feed off', responses: noContent, description: 'Turn your calendar feed off'});
export const calendarFeedOp = contract({
  operationId: 'getCalendarFeed', method: 'GET', path: '/calendar/{token}', fn, tag, auth: 'none',
  publicBecause: 'calendar apps cannot send a bearer token; the 256-bit token in the path is the credential, stored only as its SHA-256, and any unknown, rotated or revoked token gets the same 404',
  params: z.strictObject({ token: z.string().max(120) }), responses: { 200: { description: 'The feed (RFC 5545)', body: z.string(), example: calendarExample, mediaType: 'text/calendar' } },
  problems: ['not-found'], summary: 'text/calendar (RFC 5545) of one staff user\'s meetings (VEVENT) and tasks (VTODO). No JWT: the token in the path is the credential (404 for an unknown, rotated or revoked one)', description: 'text/calendar (RFC 5545) of one staff user\'s meetings (VEVENT) and tasks (VTODO). No JWT: the token in the path is the credential (404 for an unknown, rotated or revoked one)'});

export const calendar = [rotateFeedOp, revokeFeedOp, calendarFeedOp];
