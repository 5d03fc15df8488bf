import { describe, expect, it } from 'vitest';
import { DEFAULT_MAIL_RULES, evaluateMailRules, mailRulesSchema } from '../../../../shared/domain/rules/mail-rules.js';

const aMail = (overrides: Partial<Parameters<typeof evaluateMailRules>[1]> = {}) =>
  ({ from: 'jane@northwind.example', to: ['sales@acme-supplies.example'], subject: 'Order', linkable: true, ...overrides });

describe('evaluateMailRules', () => {
  it('imports everything under the defaults', () => {
    expect(evaluateMailRules(DEFAULT_MAIL_RULES, aMail())).toEqual({ action: 'import', reason: 'default' });
  });

  it('skips a blocked address and a blocked domain, whatever the case', () => {
    const rules = mailRulesSchema.parse({ blocklist: ['@Spam.example', 'boss@acme.example'] });

    expect(evaluateMailRules(rules, aMail({ from: 'x@SPAM.example' })).action).toBe('skip');
    expect(evaluateMailRules(rules, aMail({ to: ['boss@acme.example'] })).reason).toBe('blocklist:boss@acme.example');
  });

  it('lets a skip exclusion win over a private one and names the rule', () => {
    const rules = mailRulesSchema.parse({ exclusions: [
      { field: 'subject', contains: 'Salary', action: 'private' },
      { field: 'subject', contains: 'newsletter', action: 'skip' },
    ] });

    expect(evaluateMailRules(rules, aMail({ subject: 'Salary review' }))).toEqual({ action: 'private', reason: 'exclusion:subject:salary' });
    expect(evaluateMailRules(rules, aMail({ subject: 'Salary newsletter' })).action).toBe('skip');
  });

  it('keeps only linkable mail when the import policy says so', () => {
    const rules = mailRulesSchema.parse({ importPolicy: 'only_linkable' });

    expect(evaluateMailRules(rules, aMail({ linkable: false }))).toEqual({ action: 'skip', reason: 'not-linkable' });
    expect(evaluateMailRules(rules, aMail({ linkable: true })).action).toBe('import');
  });

  it('reads the earlier kebab-case only-linkable as only_linkable, so saved rules and old clients keep working', () => {
    const rules = mailRulesSchema.parse({ importPolicy: 'only-linkable' });

    expect(rules.importPolicy).toBe('only_linkable');
    expect(evaluateMailRules(rules, aMail({ linkable: false })).action).toBe('skip');
  });

  it('rejects an entry that is neither an address nor a domain and names it', () => {
    const result = mailRulesSchema.safeParse({ blocklist: ['not an address'] });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['blocklist', 0]);
  });
});
