import * as z from 'zod';
import { contract } from '../contract.js';
import { isoTime, mailboxId } from './common.js';

const provider = z.enum(['microsoft', 'google', 'local']).meta({ description: '`local`: the local stack\'s authorization server only' });
const folder = z.strictObject({ path: z.string().min(1).max(255).refine((p) => !/[\r\n\0]/.test(p), 'must be one line'), role: z.enum(['inbox', 'sent', 'other']) });

export const startMailboxOAuthBody = z.strictObject({
  provider,
  username: z.email().max(320).optional().meta({ description: 'The mailbox address; required for a new mailbox, taken from the mailbox when re-authorizing' }),
  mailboxId: mailboxId.optional().meta({ description: 'Re-authorize this OAuth2 mailbox instead of connecting a new one' }),
  addresses: z.array(z.email().max(320)).max(20).optional(),
  folders: z.array(folder).min(1).max(20).optional(),
});

export const mailboxOAuthStartView = z.object({
  authorizeUrl: z.url().meta({ description: 'Open in the browser: the provider\'s consent screen (PKCE, state bound to this Space, user and a nonce)' }),
  validUntil: isoTime.meta({ description: 'The consent must be finished before this (single use, 10 minutes)' }),
  redirectUri: z.url().meta({ description: 'The callback the provider returns to; register it in the app registration' }),
}).meta({ id: 'MailboxOAuthStart' });

export const mailboxOAuthCallbackQuery = z.object({
  state: z.string().min(1).max(400),
  code: z.string().min(1).max(4096).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

const tag = 'mailboxes';
const fn = 'mailboxes-api' as const;

export const startMailboxOAuthOp = contract({
  operationId: 'startMailboxOAuth', method: 'POST', path: '/mailboxes/oauth/start', fn, tag, role: 'admin', successStatus: 200,
  summary: 'Start connecting (or re-authorizing) a Microsoft 365 or Google mailbox with OAuth2', body: startMailboxOAuthBody, rateLimit: { perMinute: 20 },
  description: 'Answers the provider\'s authorize URL (authorization code with PKCE). After consent the provider sends the browser to `GET /mailboxes/oauth/callback`, which connects the mailbox (or re-authorizes `mailboxId` and resumes it) and queues a sync. See docs/mailboxes.md for the app registrations.',
  requestExample: { provider: 'microsoft', username: 'sales@acme-supplies.example', addresses: ['sales@acme-supplies.example'] },
  responses: { 200: { description: 'The authorize URL', body: mailboxOAuthStartView, example: {
    authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?response_type=code&client_id=00000000-0000-0000-0000-000000000000&state=ZGVtbw.x',
    validUntil: '2026-11-02T09:25:00.000Z', redirectUri: 'https://api.mailbridge.example/mailboxes/oauth/callback',
  } } },
  problems: ['not-found', 'mailbox-limit-reached', 'oauth-provider-not-configured'],
});

export const mailboxOAuthCallbackOp = contract({
  operationId: 'completeMailboxOAuth', method: 'GET', path: '/mailboxes/oauth/callback', fn, tag, auth: 'none', successStatus: 200,
  publicBecause: 'the OAuth2 provider redirects the browser here without our bearer token; the single-use, 10-minute state (a 256-bit nonce bound to the Space and the admin who started) authenticates the call',
  summary: 'Where the provider returns after consent (opened by the browser, not called by clients)', query: mailboxOAuthCallbackQuery,
  description: 'Exchanges the code server-side with the PKCE verifier, tests an XOAUTH2 login, seals the refresh token with KMS for the Space and mailbox, connects or re-authorizes the mailbox and queues a sync. Answers a short HTML page; failures are problems.',
  responses: { 200: { description: 'A page saying the mailbox is connected', mediaType: 'text/html', body: z.string(), example: '<!doctype html><title>Mailbox connected</title><p>Mailbox connected.</p>' } },
  problems: [
    'oauth-state-invalid', 'oauth-consent-denied', 'oauth-grant-refused', 'oauth-provider-unavailable', 'oauth-provider-not-configured',
    'mailbox-connect-failed', 'mailbox-auth-failed', 'mailbox-unavailable', 'mailbox-limit-reached', 'secret-unavailable', 'not-found',
  ],
});

export const mailboxOAuth = [startMailboxOAuthOp, mailboxOAuthCallbackOp];
