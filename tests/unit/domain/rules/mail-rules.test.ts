import { describe, expect, it } from 'vitest';
import { evaluateMailRules, exclusionId, type RuleMail } from '../../../../shared/domain/rules/evaluate-mail-rules.js';
import { DEFAULT_MAIL_RULES, mailRulesSchema, readStoredMailRules, RULE_HEADERS } from '../../../../shared/domain/rules/mail-rules.js';

const aMail = (overrides: Partial<RuleMail> = {}): RuleMail => ({
  mailboxId: 'mb-1', from: ['jane@northwind.example'], to: ['sales@acme-supplies.example'], cc: [], subject: 'Order',
  body: 'Please send 3 widgets', headers: {}, linkable: true, ...overrides,
});
const rulesWith = (input: Record<string, unknown>) => mailRulesSchema.parse(input);
const one = (rule: Record<string, unknown>) => rulesWith({ exclusions: [rule] });

describe('evaluateMailRules', () => {
  it('imports and links everything under the defaults', () => {
    expect(evaluateMailRules(DEFAULT_MAIL_RULES, aMail())).toEqual({ keep: 'all', link: true, reasons: [], regexTimeouts: [] });
  });

  it('keeps nothing from a blocked address or domain, in from, to or cc, and names the entry', () => {
    const rules = rulesWith({ blocklist: ['@Spam.example', 'boss@acme.example'] });

    expect(evaluateMailRules(rules, aMail({ from: ['x@spam.example'] })).keep).toBe('nothing');
    expect(evaluateMailRules(rules, aMail({ cc: ['boss@acme.example'] })).reasons).toEqual(['blocklist:boss@acme.example']);
    expect(evaluateMailRules(rules, aMail({ from: ['x@notspam.example'] })).keep).toBe('all');
  });

  it.each([
    ['from', 'contains', 'northwind', { from: ['jane@northwind.example'] }],
    ['to', 'equals', 'SALES@acme-supplies.example', { to: ['sales@acme-supplies.example'] }],
    ['cc', 'domain_is', 'partner.example', { cc: ['bob@partner.example'] }],
    ['subject', 'regex', '^re:\\s*invoice \\d+$', { subject: 'RE: Invoice 42' }],
    ['body', 'contains', 'unsubscribe', { body: 'Click to UNSUBSCRIBE' }],
  ] as const)('matches field %s with operator %s', (field, operator, value, mail) => {
    const rules = one({ field, operator, value, action: 'skip' });

    expect(evaluateMailRules(rules, aMail(mail)).keep).toBe('nothing');
    expect(evaluateMailRules(rules, aMail({ from: ['x@other.example'], to: ['y@other.example'], cc: [], subject: 'Hi', body: 'Hi' })).keep).toBe('all');
  });

  it.each(Object.entries(RULE_HEADERS))('reads the kept header %s', (header, key) => {
    const rules = one({ field: 'header', header, operator: 'contains', value: 'marker', action: 'no_link' });

    expect(evaluateMailRules(rules, aMail({ headers: { [key]: 'x-MARKER-y' } }))).toMatchObject({ keep: 'all', link: false });
    expect(evaluateMailRules(rules, aMail({ headers: { [key]: 'other' } })).link).toBe(true);
  });

  it('applies a mailbox unlinkableMail override', () => {
    const rules = rulesWith({ importPolicy: 'only_linkable', mailboxes: [{ mailboxId: 'archive', unlinkableMail: 'headers_only' }] });

    expect(evaluateMailRules(rules, aMail({ mailboxId: 'archive', linkable: false })).keep).toBe('headers');
    expect(evaluateMailRules(rules, aMail({ mailboxId: 'mb-1', linkable: false })).keep).toBe('nothing');
  });

  it('does not let domain_is match a longer domain that ends the same way', () => {
    const rules = one({ field: 'from', operator: 'domain_is', value: 'corp.example', action: 'skip' });

    expect(evaluateMailRules(rules, aMail({ from: ['a@evilcorp.example'] })).keep).toBe('all');
    expect(evaluateMailRules(rules, aMail({ from: ['a@corp.example'] })).keep).toBe('nothing');
  });

  it('imports a no_link match unlinked, naming the rule', () => {
    const rules = rulesWith({ exclusions: [
      { id: 'internal', field: 'subject', operator: 'contains', value: 'review', action: 'no_link' },
    ] });

    expect(evaluateMailRules(rules, aMail({ subject: 'Salary review' }))).toEqual({
      keep: 'all', link: false, reasons: ['exclusion:internal'], regexTimeouts: [], unlinkedBy: 'exclusion:internal',
    });
  });

  it('marks a mail private at the strictest level of the private rules that match, and still links it', () => {
    const rules = rulesWith({ exclusions: [
      { id: 'salary', field: 'subject', operator: 'contains', value: 'salary', action: 'private', level: 'subject' },
      { id: 'hr', field: 'from', operator: 'domain_is', value: 'hr.example', action: 'private' },
    ] });

    expect(evaluateMailRules(rules, aMail({ subject: 'Salary review' }))).toEqual({
      keep: 'all', link: true, reasons: ['exclusion:salary'], regexTimeouts: [], privacy: 'subject',
    });
    expect(evaluateMailRules(rules, aMail({ subject: 'Salary review', from: ['pat@hr.example'] })).privacy).toBe('metadata');
    expect(evaluateMailRules(rules, aMail({ subject: 'Widgets' })).privacy).toBeUndefined();
  });

  it('refuses a level on an action other than private, and reads stored private exclusions as they were saved', () => {
    expect(mailRulesSchema.safeParse({ exclusions: [{ field: 'subject', operator: 'contains', value: 'x', action: 'skip', level: 'subject' }] }).success).toBe(false);
    expect(readStoredMailRules({ exclusions: [{ field: 'subject', contains: 'Salary', action: 'private' }] }).exclusions)
      .toEqual([{ field: 'subject', operator: 'contains', value: 'Salary', action: 'private' }]);
  });

  it('lets skip win over no_link', () => {
    const rules = rulesWith({ exclusions: [
      { field: 'subject', operator: 'contains', value: 'salary', action: 'no_link' },
      { field: 'subject', operator: 'contains', value: 'newsletter', action: 'skip' },
    ] });

    expect(evaluateMailRules(rules, aMail({ subject: 'Salary newsletter' })).keep).toBe('nothing');
  });

  it('keeps unrelated mail not at all, or as headers only, under only_linkable', () => {
    const skip = rulesWith({ importPolicy: 'only_linkable' });
    const headers = rulesWith({ importPolicy: 'only_linkable', unlinkableMail: 'headers_only' });

    expect(evaluateMailRules(skip, aMail({ linkable: false }))).toMatchObject({ keep: 'nothing', reasons: ['import-policy:only_linkable'] });
    expect(evaluateMailRules(headers, aMail({ linkable: false }))).toMatchObject({ keep: 'headers', link: true });
    expect(evaluateMailRules(skip, aMail({ linkable: true })).keep).toBe('all');
    expect(evaluateMailRules(rulesWith({ unlinkableMail: 'headers_only' }), aMail({ linkable: false })).keep).toBe('all');
  });

  it('applies a mailbox override: its exclusions on top, its policy instead of the Space one', () => {
    const rules = rulesWith({ importPolicy: 'only_linkable', mailboxes: [
      { mailboxId: 'shared', importPolicy: 'all', exclusions: [{ field: 'subject', operator: 'contains', value: 'lunch', action: 'skip' }] },
    ] });

    expect(evaluateMailRules(rules, aMail({ mailboxId: 'shared', linkable: false })).keep).toBe('all');
    expect(evaluateMailRules(rules, aMail({ mailboxId: 'shared', subject: 'lunch?' })).keep).toBe('nothing');
    expect(evaluateMailRules(rules, aMail({ mailboxId: 'mb-1', linkable: false })).keep).toBe('nothing');
    expect(evaluateMailRules(rules, aMail({ mailboxId: 'mb-1', subject: 'lunch?' })).keep).toBe('all');
  });

  it('stops a catastrophic regex at the time budget, counts it as no match and names it', () => {
    const rules = one({ id: 'slow', field: 'body', operator: 'regex', value: '^(a+)+$', action: 'skip' });

    const started = performance.now();
    const decision = evaluateMailRules(rules, aMail({ body: `${'a'.repeat(60)}!` }));
    console.log(`catastrophic regex stopped after ${(performance.now() - started).toFixed(0)} ms`);

    expect(decision).toMatchObject({ keep: 'all', regexTimeouts: ['slow'] });
  });

  it('derives a stable id for a rule without one', () => {
    const rule = { field: 'subject', operator: 'contains', value: 'x', action: 'skip' } as const;

    expect(exclusionId(rule)).toBe(exclusionId({ ...rule }));
    expect(exclusionId(rule)).not.toBe(exclusionId({ ...rule, value: 'y' }));
    expect(exclusionId(rule)).toMatch(/^x-[0-9a-f]{10}$/);
  });
});

describe('mailRulesSchema', () => {
  it('reads the earlier kebab-case only-linkable as only_linkable', () => {
    expect(rulesWith({ importPolicy: 'only-linkable' }).importPolicy).toBe('only_linkable');
  });

  it('reads an exclusion saved as { field, contains, action } as a contains rule', () => {
    expect(rulesWith({ exclusions: [{ field: 'subject', contains: 'Salary', action: 'no_link' }] }).exclusions[0])
      .toEqual({ field: 'subject', operator: 'contains', value: 'Salary', action: 'no_link' });
  });

  it('reads the first version\'s bare words as the defaults and refuses them in new input', () => {
    const stored = { blocklist: [], contactCreation: 'never', replyTags: false, markHardBounces: true };

    expect(readStoredMailRules(stored)).toEqual(DEFAULT_MAIL_RULES);
    expect(mailRulesSchema.safeParse({ replyTags: true }).success).toBe(false);
  });

  it('reads reply tags with a subject tag switch and a prefix of capital letters', () => {
    expect(DEFAULT_MAIL_RULES.replyTags).toEqual({ subjectTag: false, prefix: 'MB' });
    expect(readStoredMailRules({ replyTags: { subjectTag: true, prefix: 'ACME' } }).replyTags).toEqual({ subjectTag: true, prefix: 'ACME' });
    expect(mailRulesSchema.safeParse({ replyTags: { prefix: 'mb' } }).success).toBe(false);
    expect(mailRulesSchema.safeParse({ replyTags: { prefix: 'TOOLONG' } }).success).toBe(false);
  });

  it('reads a saved contact creation policy and defaults to none with review', () => {
    const stored = { contactCreation: { policy: 'sent', receivingAddresses: ['Sales@Acme.example'], review: false } };

    expect(readStoredMailRules(stored).contactCreation).toEqual({ policy: 'sent', receivingAddresses: ['sales@acme.example'], review: false });
    expect(DEFAULT_MAIL_RULES.contactCreation).toEqual({ policy: 'none', receivingAddresses: [], review: true });
  });

  it('reads markHardBounces, and a boolean stored by the first version as the default', () => {
    expect(readStoredMailRules({ markHardBounces: 'mark_and_demote' }).markHardBounces).toBe('mark_and_demote');
    expect(readStoredMailRules({ markHardBounces: false }).markHardBounces).toBe('mark');
  });

  it.each([
    [{ blocklist: ['not an address'] }, ['blocklist', 0]],
    [{ exclusions: [{ field: 'subject', operator: 'regex', value: '(', action: 'skip' }] }, ['exclusions', 0, 'value']],
    [{ exclusions: [{ field: 'header', operator: 'contains', value: 'x', action: 'skip' }] }, ['exclusions', 0, 'header']],
    [{ exclusions: [{ field: 'subject', operator: 'domain_is', value: 'x.example', action: 'skip' }] }, ['exclusions', 0, 'operator']],
    [{ internalDomains: ['not a domain'] }, ['internalDomains', 0]],
  ])('rejects %j and points at the field', (input, path) => {
    const result = mailRulesSchema.safeParse(input);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });
});
