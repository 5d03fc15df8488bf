import * as z from 'zod';
import { COMPANY_TIERS } from '../../domain/companies/company.js';
import { CONTACT_ROLES, CONTACT_STATUSES } from '../../domain/contacts/contact.js';
import { CUSTOM_FIELD_TYPES } from '../../domain/contacts/custom-fields.js';
import { companyId, contactId, isoTime, messageId, productId, threadId } from './common.js';

/** The response views of contacts, companies and products (toContactView, toCompanyView, toProductView). */
const customFields = z.object(
  Object.fromEntries(Object.entries(CUSTOM_FIELD_TYPES).map(([k, t]) => [k, t.optional()])) as {
    [K in keyof typeof CUSTOM_FIELD_TYPES]: z.ZodOptional<(typeof CUSTOM_FIELD_TYPES)[K]> },
).catchall(z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.object({ amount: z.number().int(), currency: z.string() })]))
  .meta({ id: 'CustomFields', description: 'The built-in fields by name, and the Space\'s own fields by id (`cf_...`, see GET /settings/custom-fields: text, date and single select as strings, multi select as an array, money as amount in minor units and currency); an absent field has no value' });

/** The mail a captured contact came from. */
export const capturedFromView = z.object({
  messageId, threadId, subject: z.string(), date: isoTime, direction: z.enum(['inbound', 'outbound']),
  via: z.enum(['automatic', 'review', 'manual']).meta({ description: '`automatic`: created by the policy without review; `review`: approved from the review queue; `manual`: made by staff from the mail' }),
}).meta({ id: 'CapturedFrom' });

export const contactView = z.object({
  id: contactId,
  name: z.string(),
  emails: z.array(z.string()).meta({ description: 'Normalized addresses; the first is the primary one' }),
  primaryEmail: z.string().nullable(),
  phones: z.array(z.string()),
  companyId: companyId.optional(),
  suggestedCompanyId: companyId.optional().meta({ description: 'A live company owning the primary email\'s domain, when the contact has no company (single reads only)' }),
  roles: z.array(z.enum(CONTACT_ROLES)),
  primaryContact: z.boolean(),
  level: z.string().optional(),
  tags: z.array(z.string()).meta({ description: 'Trimmed and lower-cased' }),
  ownerId: z.string().optional().meta({ description: 'The staff user responsible' }),
  notes: z.string().optional(),
  customFields,
  status: z.enum(CONTACT_STATUSES),
  mergedInto: contactId.optional().meta({ description: 'Set once merged into another contact; this one is read-only then' }),
  lastActivityAt: isoTime.optional(),
  bouncedEmails: z.array(z.object({
    email: z.string(), at: isoTime, status: z.string().meta({ description: 'RFC 3463 status, e.g. 5.1.1' }),
    messageId: messageId.optional().meta({ description: 'The bounce mail that reported it; absent when SES reported it' }),
    via: z.enum(['dsn', 'ses']).optional().meta({ description: 'A bounce mail in the mailbox, or an SES notification' }),
  })).optional()
    .meta({ description: 'Addresses a permanent bounce of mail we sent proved undeliverable (see markHardBounces in docs/mail-rules.md)' }),
  complainedEmails: z.array(z.object({
    email: z.string(), at: isoTime, feedbackType: z.string().optional().meta({ description: 'The complaint\'s feedback type, e.g. abuse' }),
  })).optional()
    .meta({ description: 'Addresses whose owner reported our mail as spam: payment emails to them are refused, replies warn (docs/orders.md)' }),
  capturedFrom: capturedFromView.optional().meta({ description: 'The mail that created this contact under the capture policy' }),
  createdAt: isoTime,
  updatedAt: isoTime,
  version: z.number().int().min(1),
}).meta({ id: 'Contact' });

export const companyView = z.object({
  id: companyId,
  name: z.string(),
  domains: z.array(z.string()).meta({ description: 'Normalized: lower-case ASCII, no scheme, www. or path' }),
  website: z.string().optional(),
  tier: z.enum(COMPANY_TIERS),
  size: z.string().optional(),
  region: z.string().optional(),
  type: z.string().optional(),
  tags: z.array(z.string()),
  ownerId: z.string().optional().meta({ description: 'The staff user responsible' }),
  customFields,
  status: z.enum(['active', 'archived']),
  mergedInto: companyId.optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
  version: z.number().int().min(1),
}).meta({ id: 'Company' });

export const productView = z.object({
  id: productId,
  sku: z.string().meta({ description: 'Unique per Space, stored upper-case' }),
  name: z.string(),
  aliases: z.array(z.string()),
  unitAmount: z.number().int().min(0).meta({ description: 'Minor units of the currency (cents)' }),
  currency: z.string().regex(/^[A-Z]{3}$/).meta({ description: 'ISO 4217, upper-case' }),
  active: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
  version: z.number().int().min(1),
}).meta({ id: 'Product' });

/** POST /contacts/merge and /companies/merge (MergeResult): the master after the merge and the items moved. */
export const mergeResultOf = <T extends z.ZodType>(record: T, id: z.ZodString, name: string) => z.object({
  preview: z.boolean(),
  masterId: id,
  mergedIds: z.array(id),
  record,
  moved: z.record(z.string(), z.number().int().min(0)).meta({ description: 'Related items moved (or to move, in a preview), per kind' }),
}).meta({ id: name });

const at = '2026-11-02T09:15:00.000Z';
export const contactExample = {
  id: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5', name: 'Jane Doe', emails: ['jane.doe@northwind.example'], primaryEmail: 'jane.doe@northwind.example',
  phones: ['+1 555 0100'], companyId: '01JDQ3KZ4T6V8W0X2Y4Z6A8B0C', roles: ['decision_maker'], primaryContact: true, tags: ['wholesale'],
  customFields: { wholesale_discount_pct: 10 }, status: 'active', createdAt: at, updatedAt: at, version: 1,
};
export const companyExample = {
  id: '01JDQ3KZ4T6V8W0X2Y4Z6A8B0C', name: 'Northwind Traders', domains: ['northwind.example'], website: 'https://northwind.example',
  tier: 'key_account', tags: ['wholesale'], customFields: {}, status: 'active', createdAt: at, updatedAt: at, version: 1,
};
export const productExample = {
  id: '01JDQ3P2R4S6T8V0W2X4Y6Z8A0', sku: 'W-L-BLK', name: 'Large Black Widget', aliases: ['black widget, large'], unitAmount: 1999,
  currency: 'USD', active: true, createdAt: at, updatedAt: at, version: 1,
};
export const pageExample = (item: unknown) => ({ items: [item], nextCursor: null });
