import * as z from 'zod';
import { contract } from '../contract.js';
import { idParamsOf, mailboxId } from './common.js';
import { mailboxExample, mailboxView } from './mailbox-views.js';

const oneLine = (max: number) => z.string().min(1).max(max).refine((v) => !/[\r\n\0]/.test(v), 'must be one line');

/** PUT /mailboxes/{id}/smtp. The password is only ever held in memory; it is sealed before it is stored. */
export const putMailboxSmtpBody = z.strictObject({
  host: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:[\]_-]+$/, 'must be a host name or IP address'),
  port: z.number().int().min(1).max(65535).optional().meta({ description: 'Default 465 (tls), else 587 (submission)' }),
  security: z.enum(['tls', 'starttls', 'plain']).optional().meta({ description: 'Default `tls`; `plain` needs allowInsecure' }),
  allowInsecure: z.boolean().optional(),
  auth: z.enum(['mailbox', 'separate']).optional().meta({ description: 'Default `mailbox`: the mailbox\'s own login' }),
  username: oneLine(320).optional().meta({ description: 'The SMTP login; only with `auth: separate`' }),
  password: z.string().max(1024).optional()
    .meta({ description: 'With `separate` the SMTP password; with `mailbox` the mailbox\'s own password again (tested against its IMAP server). Needed when the server or login changes; an OAuth2 mailbox sends none' }),
  appendToSent: z.boolean().optional().meta({ description: 'Default true; false when the SMTP server keeps its own copy in Sent (Gmail, Microsoft 365)' }),
});

const tag = 'mailboxes';
const fn = 'mailboxes-api' as const;
const role = 'admin' as const;
const smtpExample = { host: 'smtp.acme-supplies.example', port: 587, security: 'starttls', allowInsecure: false, auth: 'mailbox', username: 'sales@acme-supplies.example', appendToSent: true };
const one = (description: string) => ({ 200: { description, body: mailboxView, example: { ...mailboxExample, smtp: smtpExample, version: 3 }, headers: ['etag' as const] } });

export const putMailboxSmtpOp = contract({
  operationId: 'putMailboxSmtp', method: 'PUT', path: '/mailboxes/{id}/smtp', fn, tag, role, params: idParamsOf(mailboxId), body: putMailboxSmtpBody,
  summary: 'Send mail from the record through the mailbox\'s own SMTP server (password sealed, audited)',
  description: 'Replies and new emails of this mailbox then leave through its SMTP server, From its address, instead of SES. The host passes the same SSRF guard as IMAP hosts. '
    + 'A stored password is only sent to the endpoint it was given for: a new host, port, security or login needs `password` in the same request. Audited as `entity=mailbox:<id>` without secrets. '
    + 'If-Match must carry the mailbox\'s version (428 without, 412 when stale). The login is first tried when a mail is sent: a refused one answers 502 `smtp-auth-failed` there.',
  requestHeaders: ['if-match'], requestExample: { host: 'smtp.acme-supplies.example', port: 587, security: 'starttls', password: 'app-password' },
  responses: one('The mailbox with its SMTP settings'),
  problems: ['not-found', 'mailbox-connect-failed', 'mailbox-auth-failed', 'mailbox-unavailable', 'secret-unavailable', 'oauth-smtp-not-granted'],
});

export const deleteMailboxSmtpOp = contract({
  operationId: 'deleteMailboxSmtp', method: 'DELETE', path: '/mailboxes/{id}/smtp', fn, tag, role, params: idParamsOf(mailboxId),
  summary: 'Send mail from the record through SES again',
  description: 'Removes the SMTP settings and their sealed password; audited. If-Match must carry the mailbox\'s version.',
  requestHeaders: ['if-match'], responses: { 200: { description: 'The mailbox without SMTP settings', body: mailboxView, example: mailboxExample, headers: ['etag' as const] } },
  problems: ['not-found'],
});

export const mailboxSmtp = [putMailboxSmtpOp, deleteMailboxSmtpOp];
