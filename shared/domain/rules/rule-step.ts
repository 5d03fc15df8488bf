import { isFreeMailDomain } from '../mail/free-mail-domains.js';
import { emailDomain, normalizeEmail } from '../mail/match-addresses.js';
import type { ParsedMail } from '../mail/parsed-mail.js';
import { evaluateMailRules, type RuleDecision } from './evaluate-mail-rules.js';
import type { MailRules } from './mail-rules.js';

/**
 * The Space's internal domains: the configured ones plus the domains of the mailbox's own
 * addresses (a free-mail mailbox makes gmail.com nobody's internal domain).
 */
export function internalDomainsOf(rules: MailRules, ownAddresses: readonly string[]): string[] {
  const own = ownAddresses.map(emailDomain).filter((d) => d !== '' && !isFreeMailDomain(d));
  return [...new Set([...rules.internalDomains, ...own])];
}

/** Whether an address is on an internal domain or one of its subdomains. */
export const isInternalAddress = (address: string, internalDomains: readonly string[]): boolean => {
  const domain = emailDomain(address);
  return internalDomains.some((d) => domain === d || domain.endsWith(`.${d}`));
};

/** The rules' verdict on one parsed mail, given whether any participant matched a contact or company. */
export function decideMail(rules: MailRules, input: { mailboxId: string; mail: ParsedMail; linkable: boolean }): RuleDecision {
  const { mail } = input;
  const addresses = (list: ParsedMail['from']) => list.map((a) => normalizeEmail(a.address));
  return evaluateMailRules(rules, {
    mailboxId: input.mailboxId, from: addresses(mail.from), to: addresses(mail.to), cc: addresses(mail.cc),
    subject: mail.subject, body: mail.text, headers: mail.headers, linkable: input.linkable,
  });
}
