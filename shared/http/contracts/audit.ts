import * as z from 'zod';
import { contract } from '../contract.js';
import { companyId, contactId, mailboxId, orderId, pageFields, productId, threadId } from './common.js';
import { auditExample, auditPage } from './settings-views.js';

/** The id of an audited record, checked by its entity's own validator. */
const RECORD_IDS: Record<string, z.ZodType> = {
  contact: contactId, company: companyId, product: productId, order: orderId, settings: z.enum(['mail-rules', 'assistant', 'sms'], { error: 'is not a settings record (mail-rules, assistant, sms)' }),
  custom_field: z.string().regex(/^cf_[a-z0-9]{1,61}$/, 'is not a custom field id (cf_...)'),
  thread: threadId,
  'sms-number': z.string().regex(/^\+[1-9]\d{6,14}$/, 'is not a phone number in E.164 form (+14155550100)'),
  mailbox: mailboxId,
};

/** `entity=contact:<id>`, or `entity=contact&id=<id>`. */
export const listAuditQuery = z.strictObject({
  entity: z.string().regex(/^(contact|company|product|order|settings|custom_field|thread|activity|opportunity|comment|merge-request|sms-number|mailbox)(:[A-Za-z0-9_+-]{1,64})?$/, 'must be contact|company|product|order|settings|custom_field|thread|activity|opportunity|comment|merge-request|sms-number|mailbox, optionally :<id>')
    .meta({ description: 'The record: `contact:<id>`, or the entity alone with `id`' }),
  id: z.string().min(1).max(64).optional(),
  ...pageFields,
}).superRefine((query, ctx) => {
  const [entity = '', inEntity] = query.entity.split(':');
  const id = inEntity ?? query.id;
  const check = RECORD_IDS[entity]?.safeParse(id);
  if (id !== undefined && check && !check.success) {
    ctx.addIssue({ code: 'custom', path: [inEntity === undefined ? 'id' : 'entity'], message: check.error.issues[0]?.message ?? 'is not an id' });
  }
});

export const listAuditOp = contract({
  operationId: 'listAudit', method: 'GET', path: '/audit', fn: 'settings-api', tag: 'settings',
  summary: 'Audit trail of one record, newest first', query: listAuditQuery,
  description: 'Who changed what and when, field by field, written in the same transaction as the change. Settings use `entity=settings:mail-rules` or `settings:assistant`; custom field definitions `entity=custom_field:<id>`; a customer number\'s SMS opt-outs and opt-ins `entity=sms-number:<E.164>`; a mailbox\'s SMTP settings `entity=mailbox:<id>`. '
    + 'A thread\'s trail (`entity=thread:<id>`) is 404 to a caller who may not see the thread (restricted to its assignee and admins).',
  responses: { 200: { description: 'One page of audit rows', body: auditPage, example: auditExample } }, problems: ['not-found'],
});

export const audit = [listAuditOp];
