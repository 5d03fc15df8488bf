import { z } from 'zod';

const addressPattern = z.string().trim().toLowerCase().max(254)
  .regex(/^(@[a-z0-9.-]+\.[a-z]{2,}|[^\s@]+@[a-z0-9.-]+\.[a-z]{2,})$/, 'must be an address or @domain');

/** `only-linkable`, the spelling before enums were snake_case, is still read (stored rules, old clients). */
const importPolicySchema = z.enum(['all', 'only_linkable', 'only-linkable'])
  .transform((policy) => (policy === 'only-linkable' ? 'only_linkable' : policy))
  .pipe(z.enum(['all', 'only_linkable']))
  .meta({ description: '`only-linkable` is the earlier spelling of `only_linkable`, still accepted' });

/**
 * A Space's mail rules: what is imported, kept private, linked or turns into contacts. Today the
 * linker applies the blocklist, exclusions and import policy; the other fields reserve room for
 * the contact review queue, reply ID tags and bounce handling.
 */
export const mailRulesSchema = z.strictObject({
  /** Senders or recipients never imported: `someone@x.example` or `@x.example`. */
  blocklist: z.array(addressPattern).max(1000).default([]),
  exclusions: z.array(z.strictObject({
    field: z.enum(['from', 'to', 'subject']),
    contains: z.string().trim().toLowerCase().min(1).max(200),
    action: z.enum(['skip', 'private']),
  })).max(200).default([]),
  /** `only_linkable` keeps only mail with at least one known contact or company. */
  importPolicy: importPolicySchema.default('all'),
  /** What happens with an unknown external sender. */
  contactCreation: z.enum(['never', 'review', 'auto']).default('never'),
  /** Reply ID tags in outbound subjects, so replies thread even when headers are stripped. */
  replyTags: z.boolean().default(false),
  /** A hard bounce (5.x.x) marks the contact's address as bounced. */
  markHardBounces: z.boolean().default(true),
});

export type MailRules = z.output<typeof mailRulesSchema>;
export const DEFAULT_MAIL_RULES: MailRules = mailRulesSchema.parse({});

export interface RuleSubject {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  /** Whether any participant is a known contact or a company's domain. */
  readonly linkable: boolean;
}

export type RuleDecision = { readonly action: 'import' | 'skip' | 'private'; readonly reason: string };

const listed = (blocklist: readonly string[], address: string): boolean => {
  const lower = address.toLowerCase();
  return blocklist.some((entry) => (entry.startsWith('@') ? lower.endsWith(entry) : lower === entry));
};

/** Decides what to do with one message: skip beats private beats import; the first matching rule names the reason. */
export const evaluateMailRules = (rules: MailRules, mail: RuleSubject): RuleDecision => {
  const blocked = [mail.from, ...mail.to].find((a) => listed(rules.blocklist, a));
  if (blocked) return { action: 'skip', reason: `blocklist:${blocked}` };
  const hits = rules.exclusions.filter((rule) => {
    const haystack = rule.field === 'subject' ? mail.subject : rule.field === 'from' ? mail.from : mail.to.join(' ');
    return haystack.toLowerCase().includes(rule.contains);
  });
  const skip = hits.find((h) => h.action === 'skip');
  if (skip) return { action: 'skip', reason: `exclusion:${skip.field}:${skip.contains}` };
  if (rules.importPolicy === 'only_linkable' && !mail.linkable) return { action: 'skip', reason: 'not-linkable' };
  const hidden = hits.find((h) => h.action === 'private');
  if (hidden) return { action: 'private', reason: `exclusion:${hidden.field}:${hidden.contains}` };
  return { action: 'import', reason: 'default' };
};
