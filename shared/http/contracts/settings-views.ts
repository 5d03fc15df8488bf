import * as z from 'zod';
import type { AuditEntry } from '../../domain/audit/audit-entry.js';
import type { OrderAudit } from '../../domain/orders/ports.js';
import { mailRulesSchema } from '../../domain/rules/mail-rules.js';
import { isoTime, pageOf } from './common.js';

/** The response views of settings, audit and staff. */
export const AUDITED_ENTITIES = ['contact', 'company', 'product', 'order', 'settings', 'custom_field', 'thread', 'activity', 'opportunity', 'comment', 'merge-request', 'sms-number', 'mailbox'] as const;
const AUDIT_ACTIONS = [
  'create', 'update', 'archive', 'restore', 'merge', 'deactivate', 'delete',
  'checkout-created', 'payment-email-sent', 'thread-linked', 'status-changed', 'flagged', 'link-reissued', 'payment-email-resent', 'receipt-email-sent',
  'assigned', 'unassigned', 'completed', 'reopened', 'marked-read', 'marked-unread', 'restricted', 'unrestricted',
  'cancelled', 'refund-requested', 'refund-settled',
  'linked', 'unlinked', 'hidden', 'shown', 'blocklist-applied', 'marked-private', 'unmarked-private',
  'mail-relinked',
  'opted-out', 'opted-in', 'rules-reapplied',
] as const satisfies readonly (AuditEntry['action'] | OrderAudit['action'])[];

export const auditEntryView = z.object({
  id: z.string(),
  entity: z.enum(AUDITED_ENTITIES),
  entityId: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  userId: z.string().meta({ description: 'Who did it: a user id, `stripe` for webhook-driven changes, or `mail-client` for read state taken from the mail server' }),
  requestId: z.string().meta({ description: 'The API request id (or Stripe event id) that made the change' }),
  at: isoTime,
  changes: z.record(z.string(), z.object({ old: z.unknown(), new: z.unknown() })).optional().meta({ description: 'Field-level changes, old → new' }),
  details: z.record(z.string(), z.unknown()).optional(),
}).meta({ id: 'AuditEntry' });

export const staffMemberView = z.object({
  userId: z.string(), email: z.string().optional(), role: z.enum(['admin', 'staff']), lastSeenAt: isoTime,
}).meta({ id: 'StaffMember' });

export const mailRulesView = z.object({
  rules: mailRulesSchema,
  version: z.number().int().min(0).meta({ description: '0 until the Space saves its first rules; also the ETag' }),
}).meta({ id: 'MailRulesVersion' });

export const auditPage = pageOf(auditEntryView);

const at = '2026-11-02T09:15:00.000Z';
export const auditExample = {
  items: [{
    id: '01JDQ3T6V8W0X2Y4Z6A8B0C2D4', entity: 'contact', entityId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5', action: 'update', userId: 'user-7f3a',
    requestId: 'Ab3dEf5hIJkLmn=', at, changes: { tags: { old: ['wholesale'], new: ['wholesale', 'vip'] } },
  }],
  nextCursor: null,
};
export const mailRulesExample = {
  rules: {
    blocklist: ['@newsletters.example'],
    exclusions: [
      { id: 'password-resets', field: 'subject', operator: 'contains', value: 'password reset', action: 'skip' },
      { id: 'payroll', field: 'subject', operator: 'contains', value: 'payroll', action: 'private', level: 'subject' },
    ],
    importPolicy: 'all', unlinkableMail: 'skip', internalDomains: ['acme-supplies.example'],
    mailboxes: [{ mailboxId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5', importPolicy: 'only_linkable', exclusions: [] }],
    privacy: [{ scope: 'mailbox', id: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5', level: 'metadata', ownerIds: ['user-7f3a'] }],
    contactCreation: { policy: 'sent_and_received', receivingAddresses: ['sales@acme-supplies.example'], review: true }, markHardBounces: 'mark_and_demote',
    replyTags: { subjectTag: true, prefix: 'MB' },
  },
  version: 3,
};
export const staffExample = { items: [{ userId: 'user-7f3a', email: 'sam@acme-supplies.example', role: 'admin', lastSeenAt: at }], nextCursor: null };
