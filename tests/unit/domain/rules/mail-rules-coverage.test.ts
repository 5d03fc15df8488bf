import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mailRulesSchema, RULE_HEADERS } from '../../../../shared/domain/rules/mail-rules.js';

const ROOT = join(import.meta.dirname, '../../../..');
const PIPELINE = 'tests/integration/mail/mail-rules-pipeline.test.ts';
const UNIT = 'tests/unit/domain/rules/mail-rules.test.ts';
const PRIVATE = 'tests/integration/mail/private-mail.test.ts';
const PRIVACY_UNIT = 'tests/unit/domain/rules/mail-privacy.test.ts';
const SWEEP = 'shows a non-owner staff member only what each level allows, on every read route';
const CAPTURE = 'tests/integration/mail/contact-capture-pipeline.test.ts';
const BOUNCES = 'tests/integration/mail/bounce-pipeline.test.ts';
const CAPTURED_AT_ONCE = 'creates contacts and companies at once from received and sent mail through a chosen address';
const SETTINGS_DOC = 'docs/mail-rules.md';
const REPLY_TAGS = 'tests/integration/mail/reply-tags.test.ts';
const REPLY_LINKED = 'links a reply to the payment email from another address to the order contact and thread, by In-Reply-To or by the subject tag alone';

/** Every option (and enum value) of the mail rules → the test that shows its behaviour. */
const BEHAVIOUR: Record<string, readonly [file: string, title: string]> = {
  blocklist: [PIPELINE, 'imports nothing from, to or copied to a blocked address or domain'],
  // Already-imported mail: tests/integration/mail/blocklist-hide.test.ts.
  exclusions: [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.id': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.field=from': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.field=to': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.field=cc': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.field=subject': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.field=body': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.field=header': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  ...Object.fromEntries(Object.keys(RULE_HEADERS).map((h) => [`exclusions.header=${h}`, [UNIT, 'reads the kept header %s'] as const])),
  'exclusions.operator=contains': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.operator=equals': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.operator=domain_is': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.operator=regex': [UNIT, 'stops a catastrophic regex at the time budget, counts it as no match and names it'],
  'exclusions.value': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.action=skip': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'exclusions.action=no_link': [PIPELINE, 'applies each exclusion field, operator and action to real mail'],
  'importPolicy=all': [PIPELINE, 'applies a mailbox override on top of the Space rules and leaves other mailboxes alone'],
  'importPolicy=only_linkable': [PIPELINE, 'imports 0 unrelated messages from a mixed mailbox under only_linkable'],
  'importPolicy=only-linkable': [UNIT, 'reads the earlier kebab-case only-linkable as only_linkable'],
  'unlinkableMail=skip': [PIPELINE, 'imports 0 unrelated messages from a mixed mailbox under only_linkable'],
  'unlinkableMail=headers_only': [PIPELINE, 'keeps unrelated mail as headers only when the policy says so, without body, snippet or attachments'],
  internalDomains: [PIPELINE, 'never makes an internal address a customer: the mailbox domain and configured internal domains'],
  mailboxes: [PIPELINE, 'applies a mailbox override on top of the Space rules and leaves other mailboxes alone'],
  'mailboxes.mailboxId': [PIPELINE, 'applies a mailbox override on top of the Space rules and leaves other mailboxes alone'],
  'mailboxes.importPolicy=all': [PIPELINE, 'applies a mailbox override on top of the Space rules and leaves other mailboxes alone'],
  'mailboxes.importPolicy=only_linkable': [UNIT, 'applies a mailbox override: its exclusions on top, its policy instead of the Space one'],
  'mailboxes.importPolicy=only-linkable': [UNIT, 'reads the earlier kebab-case only-linkable as only_linkable'],
  'mailboxes.unlinkableMail=skip': [UNIT, 'applies a mailbox override: its exclusions on top, its policy instead of the Space one'],
  'mailboxes.unlinkableMail=headers_only': [UNIT, 'applies a mailbox unlinkableMail override'],
  'mailboxes.exclusions': [PIPELINE, 'applies a mailbox override on top of the Space rules and leaves other mailboxes alone'],
  'exclusions.action=private': [PRIVATE, SWEEP],
  'exclusions.level=metadata': [PRIVATE, SWEEP],
  'exclusions.level=subject': [UNIT, 'marks a mail private at the strictest level of the private rules that match, and still links it'],
  privacy: [PRIVATE, SWEEP],
  'privacy.scope=mailbox': [PRIVATE, 'hides the mail of a private mailbox from everyone but its owners'],
  'privacy.scope=contact': [PRIVATE, SWEEP],
  'privacy.scope=company': [PRIVACY_UNIT, 'gives non-owners the level of a private mailbox, contact or company'],
  'privacy.id': [PRIVATE, SWEEP],
  'privacy.level=metadata': [PRIVATE, 'hides the mail of a private mailbox from everyone but its owners'],
  'privacy.level=subject': [PRIVATE, SWEEP],
  'privacy.level=everything': [PRIVACY_UNIT, 'applies a private rule level to everyone but admins, the assignee and the owners of the mailbox'],
  'privacy.ownerIds': [PRIVATE, SWEEP],
  'markHardBounces=mark': [BOUNCES, 'marks without demoting under mark, and marks nothing under off'],
  'markHardBounces=mark_and_demote': [BOUNCES, 'marks a 5.x.x bounce of our mail and demotes the address; 4.x.x and forged bounces change nothing'],
  'markHardBounces=off': [BOUNCES, 'marks without demoting under mark, and marks nothing under off'],
  contactCreation: [CAPTURE, CAPTURED_AT_ONCE],
  'contactCreation.policy=none': [CAPTURE, 'creates nobody under the policy none'],
  'contactCreation.policy=sent': [CAPTURE, 'proposes contacts from sent mail for review and creates none'],
  'contactCreation.policy=sent_and_received': [CAPTURE, CAPTURED_AT_ONCE],
  'contactCreation.receivingAddresses': [CAPTURE, CAPTURED_AT_ONCE],
  'contactCreation.review': [CAPTURE, 'proposes contacts from sent mail for review and creates none'],
  replyTags: [REPLY_TAGS, REPLY_LINKED],
  'replyTags.subjectTag': [REPLY_TAGS, REPLY_LINKED],
  'replyTags.prefix': ['tests/unit/domain/orders/order-mail.test.ts', 'adds the subject tag when the Space tags subjects, and sends without Reply-To when it has no mailbox'],
};

type JsonSchema = { properties?: Record<string, JsonSchema>; items?: JsonSchema; enum?: string[] };

/** Every option path of a JSON schema; enum values as `path=value`; nested exclusions once, under `exclusions`. */
function optionsOf(schema: JsonSchema, path = ''): string[] {
  const node = schema.items ?? schema;
  const here = path ? [path] : [];
  if (node.enum) return node.enum.map((v) => `${path}=${v}`);
  if (!node.properties) return here;
  return [...here, ...Object.entries(node.properties).flatMap(([key, child]) => {
    const childPath = path ? `${path}.${key}` : key;
    return childPath === 'mailboxes.exclusions' ? [childPath] : optionsOf(child, childPath);
  })];
}

describe('mail rules settings coverage', () => {
  const options = optionsOf(z.toJSONSchema(mailRulesSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);

  it('finds the options of the schema', () => {
    expect(options).toContain('exclusions.action=no_link');
    expect(options.length).toBeGreaterThan(25);
  });

  it.each(options)('has a behaviour test for %s', (option) => {
    const test = BEHAVIOUR[option];

    expect(test, `${option} has no behaviour test: add one, or drop the option`).toBeDefined();
    expect(readFileSync(join(ROOT, test![0]), 'utf8')).toContain(`'${test![1]}'`);
  });

  it.each(options.map((o) => o.split('=')[0]!).filter((o, i, all) => all.indexOf(o) === i))('documents %s in the settings document', (option) => {
    expect(readFileSync(join(ROOT, SETTINGS_DOC), 'utf8')).toContain(`\`${option.split('.').at(-1)}\``);
  });
});
