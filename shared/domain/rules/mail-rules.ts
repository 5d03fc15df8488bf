import * as z from 'zod';
import { privateScopeSchema } from './mail-privacy.js';
import { isValidPattern } from './match-regex.js';

const addressPattern = z.string().trim().toLowerCase().max(254)
  .regex(/^(@[a-z0-9.-]+\.[a-z]{2,}|[^\s@]+@[a-z0-9.-]+\.[a-z]{2,})$/, 'must be an address or @domain');
const domainPattern = z.string().trim().toLowerCase().max(253)
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/, 'must be a domain such as acme.example');

/** `only-linkable`, the spelling before enums were snake_case, is still read (stored rules, old clients). */
const importPolicySchema = z.enum(['all', 'only_linkable', 'only-linkable'])
  .transform((policy) => (policy === 'only-linkable' ? 'only_linkable' : policy))
  .pipe(z.enum(['all', 'only_linkable']))
  .meta({ description: '`only-linkable` is the earlier spelling of `only_linkable`, still accepted' });
const unlinkableMailSchema = z.enum(['skip', 'headers_only'])
  .meta({ description: 'Under only_linkable: drop unrelated mail, or keep its headers (sender, recipients, date, subject) without body, snippet or attachments' });

/** The headers an exclusion can read (the ones the parser keeps), by their header name. */
export const RULE_HEADERS = {
  'list-id': 'listId', 'auto-submitted': 'autoSubmitted', precedence: 'precedence', 'return-path': 'returnPath',
  'x-autoreply': 'xAutoreply', 'x-autorespond': 'xAutorespond', 'x-auto-response-suppress': 'xAutoResponseSuppress', 'content-type': 'contentType',
} as const;

/** Rules saved before operators existed were `{ field, contains, action }`: read them as `contains`. */
const readLegacyExclusion = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null || !('contains' in value) || 'operator' in value) return value;
  const { contains, ...rest } = value as { contains: unknown };
  return { ...rest, operator: 'contains', value: contains };
};

export const exclusionSchema = z.preprocess(readLegacyExclusion, z.strictObject({
  /** Names the rule in link outcomes and logs; without one, an id is derived from the rule's content. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes').optional(),
  field: z.enum(['from', 'to', 'cc', 'subject', 'body', 'header']),
  header: z.enum(Object.keys(RULE_HEADERS) as [keyof typeof RULE_HEADERS]).optional(),
  operator: z.enum(['contains', 'equals', 'domain_is', 'regex']),
  value: z.string().trim().min(1).max(200),
  action: z.enum(['skip', 'no_link', 'private'], { error: 'must be skip, no_link or private' }),
  /** With `private`: what non-owners see of the mail (default `metadata`). */
  level: z.enum(['metadata', 'subject']).optional()
    .meta({ description: 'With action private: what non-owners see, `metadata` (default: participants, date) or `subject` (also the subject)' }),
}).superRefine((rule, ctx) => {
  if (rule.level !== undefined && rule.action !== 'private') ctx.addIssue({ code: 'custom', path: ['level'], message: 'applies to the private action only' });
  if ((rule.field === 'header') !== (rule.header !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['header'], message: 'is required with field header, and only then' });
  }
  if (rule.operator === 'regex' && !isValidPattern(rule.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'is not a valid regular expression' });
  if (rule.operator === 'domain_is' && !['from', 'to', 'cc'].includes(rule.field)) {
    ctx.addIssue({ code: 'custom', path: ['operator'], message: 'domain_is applies to from, to and cc' });
  }
}));
export type Exclusion = z.output<typeof exclusionSchema>;

/** What one mailbox changes: its exclusions are added to the Space's, the policies replace the Space's. */
const mailboxOverrideSchema = z.strictObject({
  mailboxId: z.string().min(1).max(64),
  importPolicy: importPolicySchema.optional(),
  unlinkableMail: unlinkableMailSchema.optional(),
  exclusions: z.array(exclusionSchema).max(50).default([]),
});

/** Which mail creates contacts (and their companies) for addresses nobody knows yet. */
export const contactCreationSchema = z.strictObject({
  /** `sent`: recipients of mail we sent; `sent_and_received`: also senders of mail we received. */
  policy: z.enum(['none', 'sent', 'sent_and_received']).default('none'),
  /** When set, only mail delivered to (or sent from) one of these own addresses creates contacts. */
  receivingAddresses: z.array(z.string().trim().toLowerCase().max(254).regex(/^[^\s@]+@[a-z0-9.-]+\.[a-z]{2,}$/, 'must be an address')).max(50).default([]),
  /** True: new contacts wait in the review queue with the mail that caused them; false: created at once. */
  review: z.boolean().default(true),
});
export type ContactCreation = z.output<typeof contactCreationSchema>;

/** How order mail (payment emails, receipts) is tagged so a customer's reply finds its order. */
export const replyTagsSchema = z.strictObject({
  /** Adds `[PREFIX-XXXXXXXX]` to the subject; the Message-ID always carries the order's token. */
  subjectTag: z.boolean().default(false),
  prefix: z.string().trim().regex(/^[A-Z]{1,6}$/, 'must be 1-6 capital letters').default('MB'),
});
export type ReplyTags = z.output<typeof replyTagsSchema>;

/** A Space's mail rules: what the linker imports and links (docs/mail-rules.md). */
export const mailRulesSchema = z.strictObject({
  /** Mail from, to or copied to these addresses or `@domain`s is not imported. */
  blocklist: z.array(addressPattern).max(1000).default([]),
  exclusions: z.array(exclusionSchema).max(200).default([]),
  /** `only_linkable` keeps only mail with a participant that is a known contact or company. */
  importPolicy: importPolicySchema.default('all'),
  unlinkableMail: unlinkableMailSchema.default('skip'),
  /** The Space's own domains besides its mailboxes' own: addresses there are never customers. */
  internalDomains: z.array(domainPattern).max(50).default([]),
  mailboxes: z.array(mailboxOverrideSchema).max(100).default([]),
  /** Mailboxes, contacts and companies whose mail is private, with the level non-owners see and the owners. */
  privacy: z.array(privateScopeSchema).max(500).default([]),
  contactCreation: contactCreationSchema.default(contactCreationSchema.parse({})),
  /** A permanent bounce of mail we sent marks the address bounced on its contact; `mark_and_demote` also stops it being the primary. */
  markHardBounces: z.enum(['mark', 'mark_and_demote', 'off']).default('mark'),
  /** The subject tag of order mail and its prefix; a reply with the tag (or our Message-ID) links to the order. */
  replyTags: replyTagsSchema.default(replyTagsSchema.parse({})),
});

export type MailRules = z.output<typeof mailRulesSchema>;
export const DEFAULT_MAIL_RULES: MailRules = mailRulesSchema.parse({});

/** Reads rules as stored, including ones saved by an earlier version. */
export const readStoredMailRules = (stored: unknown): MailRules => {
  const copy = typeof stored === 'object' && stored !== null ? { ...stored as Record<string, unknown> } : {};
  // The first version stored replyTags as a bare boolean that nothing read: the default replaces it.
  if ('replyTags' in copy && (typeof copy.replyTags !== 'object' || copy.replyTags === null)) delete copy.replyTags;
  // The first version stored contactCreation as a bare word that nothing read: the default replaces it.
  if ('contactCreation' in copy && (typeof copy.contactCreation !== 'object' || copy.contactCreation === null)) delete copy.contactCreation;
  if (typeof copy.markHardBounces === 'boolean') delete copy.markHardBounces;
  return mailRulesSchema.parse(copy);
};
