import * as z from 'zod';
import { isoTime, mailboxId } from './common.js';

/** The response views of the mailboxes API (toMailboxView, testMailbox): never the password. */
const folder = z.object({ path: z.string(), role: z.enum(['inbox', 'sent', 'other']) }).meta({ id: 'MailboxFolder' });

const security = z.enum(['tls', 'starttls', 'plain']);

/** A mailbox's own SMTP server, without its password. */
export const mailboxSmtpView = z.object({
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  security: security.meta({ description: '`tls`: implicit TLS (465); `starttls`: STARTTLS required (587); `plain`: no TLS (only with allowInsecure)' }),
  allowInsecure: z.boolean(),
  auth: z.enum(['mailbox', 'separate']).meta({ description: '`mailbox`: the mailbox\'s own login (XOAUTH2 for an OAuth2 mailbox); `separate`: its own SMTP login' }),
  username: z.string().meta({ description: 'The login the SMTP server sees' }),
  appendToSent: z.boolean().meta({ description: 'False when the server files its own copy in Sent (Gmail, Microsoft 365): no APPEND' }),
}).meta({ id: 'MailboxSmtp' });

export const mailboxView = z.object({
  id: mailboxId,
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  security: z.enum(['tls', 'starttls', 'plain']),
  allowInsecure: z.boolean(),
  username: z.string(),
  folders: z.array(folder),
  addresses: z.array(z.string()).meta({ description: 'The owner\'s own addresses: mail from them is outbound' }),
  paused: z.boolean(),
  historyDays: z.number().int().optional().meta({ description: 'Days of past mail the first sync imports; absent: the default (30)' }),
  lastSyncAt: isoTime.optional(),
  lastError: z.string().optional().meta({ description: 'Why the last poll failed, in a short sentence; absent after a good poll' }),
  messagesSynced: z.number().int().min(0),
  hasPassword: z.literal(true).meta({ description: 'A password (or an OAuth2 refresh token) is stored sealed; it is never returned' }),
  oauth: z.object({
    provider: z.enum(['microsoft', 'google', 'local']),
    status: z.enum(['authorized', 'needs_reauthorization']).meta({ description: '`needs_reauthorization`: the provider refused the refresh token; the mailbox is paused until `reauthorize` is called and its link opened' }),
    reauthorize: z.object({ method: z.string(), href: z.string(), body: z.object({ provider: z.enum(['microsoft', 'google', 'local']), mailboxId }) })
      .meta({ description: 'The call that answers a new authorize URL for this mailbox' }),
  }).optional().meta({ id: 'MailboxOAuth', description: 'Present when the mailbox signs in with OAuth2 (XOAUTH2)' }),
  smtp: mailboxSmtpView.optional().meta({ description: 'Present when mail from the record leaves through the mailbox\'s own SMTP server; absent: SES' }),
  createdAt: isoTime,
  updatedAt: isoTime,
  version: z.number().int().min(1).meta({ description: 'Counts settings changes; also the ETag' }),
  problems: z.object({ unfetchable: z.number().int(), too_large: z.number().int(), unparsable: z.number().int(), total: z.number().int() })
    .meta({ id: 'MailboxProblemCounts', description: 'Mail not imported in full; GET /mailboxes/{id}/problems lists it' }),
}).meta({ id: 'Mailbox' });

export const mailboxPage = z.object({ items: z.array(mailboxView), nextCursor: z.null() });

export const mailboxTestView = z.object({
  ok: z.literal(true),
  folders: z.array(z.object({ path: z.string(), specialUse: z.string().optional().meta({ description: 'RFC 6154 attribute such as \\Sent' }) })),
  suggestedFolders: z.array(folder).meta({ description: 'What POST /mailboxes would sync: INBOX plus the \\Sent folder' }),
}).meta({ id: 'MailboxTest' });

const at = '2026-11-02T09:15:00.000Z';
export const mailboxExample = {
  id: '01JDQ3Q4S6T8V0W2X4Y6Z8A0B2', host: 'imap.northwind.example', port: 993, security: 'tls', allowInsecure: false,
  username: 'sales@acme-supplies.example', folders: [{ path: 'INBOX', role: 'inbox' }, { path: 'Sent', role: 'sent' }],
  addresses: ['sales@acme-supplies.example'], paused: false, lastSyncAt: at, messagesSynced: 128, hasPassword: true, createdAt: at, updatedAt: at, version: 2,
  problems: { unfetchable: 0, too_large: 0, unparsable: 0, total: 0 },
};
export const mailboxTestExample = {
  ok: true, folders: [{ path: 'INBOX' }, { path: 'Sent', specialUse: '\\Sent' }], suggestedFolders: [{ path: 'INBOX', role: 'inbox' }, { path: 'Sent', role: 'sent' }],
};
