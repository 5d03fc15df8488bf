import { createHash } from 'node:crypto';
import type { MailHeaders } from '../mail/parsed-mail.js';
import { isBlocked, stricter, type PrivacyLevel } from './mail-privacy.js';
import type { Exclusion, MailRules } from './mail-rules.js';
import { RULE_HEADERS } from './mail-rules.js';
import { matchRegex, REGEX_BUDGET_MS } from './match-regex.js';

/** The parts of a mail the rules read; addresses normalized. */
export interface RuleMail {
  readonly mailboxId: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly body: string;
  readonly headers: MailHeaders;
  /** Whether a participant matched a contact or a company. */
  readonly linkable: boolean;
}

export interface RuleDecision {
  /** `all`: import; `headers`: import without subject, body or attachments; `nothing`: do not import. */
  readonly keep: 'all' | 'headers' | 'nothing';
  /** False: the mail is imported but linked to no contact or company. */
  readonly link: boolean;
  /** The first rule that made each choice: `blocklist:<entry>`, `exclusion:<id>`, `import-policy:only_linkable`. */
  readonly reasons: readonly string[];
  /** Ids of the exclusions whose regex ran out of time (treated as not matching). */
  readonly regexTimeouts: readonly string[];
  /** Set when a `private` exclusion matched: the strictest level of those that did. */
  readonly privacy?: PrivacyLevel;
  /** The `no_link` exclusion (`exclusion:<id>`) that keeps an imported mail unlinked. */
  readonly unlinkedBy?: string;
}

/** The id an exclusion is known by: its own, or one derived from what it says. */
export const exclusionId = (rule: Exclusion): string => rule.id
  ?? `x-${createHash('sha256').update(JSON.stringify([rule.field, rule.header ?? '', rule.operator, rule.value, rule.action])).digest('hex').slice(0, 10)}`;

/** The Space's rules with one mailbox's override applied. */
export const rulesForMailbox = (rules: MailRules, mailboxId: string): MailRules => {
  const override = rules.mailboxes.find((m) => m.mailboxId === mailboxId);
  if (!override) return rules;
  return {
    ...rules,
    exclusions: [...rules.exclusions, ...override.exclusions],
    importPolicy: override.importPolicy ?? rules.importPolicy,
    unlinkableMail: override.unlinkableMail ?? rules.unlinkableMail,
  };
};

const listed = isBlocked;

const valuesOf = (rule: Exclusion, mail: RuleMail): readonly string[] => {
  switch (rule.field) {
    case 'from': case 'to': case 'cc': return mail[rule.field];
    case 'subject': return [mail.subject];
    case 'body': return [mail.body];
    case 'header': return [mail.headers[RULE_HEADERS[rule.header!]] ?? ''];
  }
};

/**
 * Decides what happens to one mail under the mailbox's rules: the blocklist and skip exclusions
 * keep nothing; the import policy keeps unrelated mail whole, as headers or not at all; `no_link`
 * exclusions still import. Pure apart from the regex time budget.
 */
export function evaluateMailRules(spaceRules: MailRules, mail: RuleMail): RuleDecision {
  const rules = rulesForMailbox(spaceRules, mail.mailboxId);
  const blocked = [...mail.from, ...mail.to, ...mail.cc].find((a) => listed(rules.blocklist, a));
  if (blocked) return { keep: 'nothing', link: false, reasons: [`blocklist:${blocked}`], regexTimeouts: [] };

  const deadline = performance.now() + REGEX_BUDGET_MS;
  const regexTimeouts: string[] = [];
  const hits = rules.exclusions.filter((rule) => {
    const wanted = rule.value.toLowerCase();
    return valuesOf(rule, mail).some((value) => {
      const v = value.toLowerCase();
      if (rule.operator === 'contains') return v.includes(wanted);
      if (rule.operator === 'equals') return v.trim() === wanted;
      if (rule.operator === 'domain_is') return v.endsWith(`@${wanted.replace(/^@/, '')}`);
      const matched = matchRegex(rule.value, value, deadline - performance.now());
      if (matched === 'timeout' && !regexTimeouts.includes(exclusionId(rule))) regexTimeouts.push(exclusionId(rule));
      return matched === true;
    });
  });
  const first = (action: Exclusion['action']) => hits.find((h) => h.action === action);
  const skip = first('skip');
  if (skip) return { keep: 'nothing', link: false, reasons: [`exclusion:${exclusionId(skip)}`], regexTimeouts };

  const reasons: string[] = [];
  let keep: RuleDecision['keep'] = 'all';
  if (rules.importPolicy === 'only_linkable' && !mail.linkable) {
    keep = rules.unlinkableMail === 'headers_only' ? 'headers' : 'nothing';
    reasons.push('import-policy:only_linkable');
  }
  const noLink = first('no_link');
  if (noLink) reasons.push(`exclusion:${exclusionId(noLink)}`);
  const privateHits = hits.filter((h) => h.action === 'private');
  if (privateHits[0]) reasons.push(`exclusion:${exclusionId(privateHits[0])}`);
  const privacy = privateHits.reduce<PrivacyLevel | undefined>((level, h) => stricter(level ?? 'everything', h.level ?? 'metadata'), undefined);
  return {
    keep, link: !noLink && keep !== 'nothing', reasons, regexTimeouts, ...(privacy ? { privacy } : {}),
    ...(noLink && keep !== 'nothing' ? { unlinkedBy: `exclusion:${exclusionId(noLink)}` } : {}),
  };
}
