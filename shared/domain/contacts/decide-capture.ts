import { isFreeMailDomain } from '../mail/free-mail-domains.js';
import { contactLookupKeys, emailDomain, normalizeEmail } from '../mail/match-addresses.js';
import type { MailAddress } from '../mail/parsed-mail.js';
import type { ContactCreation } from '../rules/mail-rules.js';
import { captureName } from './capture-name.js';

/** The facts about one imported mail that decide whether it creates contacts. */
export interface CaptureMail {
  readonly direction: 'inbound' | 'outbound';
  readonly from: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  /** Set when the mail is an auto-reply, bounce, list or bulk mail (or carries List-Id). */
  readonly automated: boolean;
  /** External addresses that may become customers (not internal, not staff), normalized. */
  readonly customers: readonly string[];
  /** Addresses that already belong to a contact. */
  readonly known: ReadonlySet<string>;
  /** Whether the rules keep the mail linkable (a `no_link` exclusion or headers-only import says no). */
  readonly linkable: boolean;
}

/** One contact to create (or propose): its address, a name from the display name, the company's domain. */
export interface CaptureCandidate {
  readonly address: string;
  readonly name: string;
  /** The sender's domain when it can be a company's (never a free-mail domain). */
  readonly companyDomain?: string;
}

/** Local parts of shared, role and machine mailboxes: never a person to create. */
const ROLE_LOCAL_PARTS = new Set([
  'noreply', 'no-reply', 'no_reply', 'donotreply', 'do-not-reply', 'info', 'sales', 'support', 'help', 'admin',
  'administrator', 'billing', 'accounts', 'accounting', 'invoices', 'contact', 'hello', 'office', 'team', 'orders',
  'postmaster', 'mailer-daemon', 'hostmaster', 'webmaster', 'abuse', 'newsletter', 'news', 'notifications',
  'notification', 'alerts', 'marketing', 'jobs', 'careers', 'hr', 'service', 'bounce', 'bounces', 'mail', 'root',
]);

/** Whether an address is a role, list or machine address rather than a person's. */
export function isRoleAddress(address: string): boolean {
  const local = normalizeEmail(address).split('@')[0]!.replace(/\+.*$/, '');
  return ROLE_LOCAL_PARTS.has(local) || /^(?:no-?reply|bounce|mailer|daemon)[-_.]/.test(local);
}

/**
 * The contacts one mail creates under the Space's capture policy: recipients of mail we sent
 * (`sent`), also senders of mail we received (`sent_and_received`), only for mail through one of
 * the chosen own addresses when some are chosen; never from automated mail, role addresses, known
 * or internal addresses; a free-mail sender becomes a contact without a company.
 */
export function decideCapture(settings: ContactCreation, mail: CaptureMail): CaptureCandidate[] {
  if (settings.policy === 'none' || mail.automated || !mail.linkable) return [];
  if (mail.direction === 'inbound' && settings.policy !== 'sent_and_received') return [];
  if (!throughChosenAddress(settings.receivingAddresses, mail)) return [];
  const customers = new Set(mail.customers);
  const people = mail.direction === 'inbound' ? mail.from : [...mail.to, ...mail.cc];
  const seen = new Set<string>();
  return people.flatMap((person) => {
    const address = normalizeEmail(person.address);
    if (seen.has(address) || !customers.has(address) || mail.known.has(address) || isRoleAddress(address)) return [];
    seen.add(address);
    const domain = emailDomain(address);
    return [{ address, name: captureName(person.name, address), ...(isFreeMailDomain(domain) ? {} : { companyDomain: domain }) }];
  });
}

/** Inbound mail must be addressed to a chosen address, outbound mail sent from one; no choice: any. */
function throughChosenAddress(chosen: readonly string[], mail: CaptureMail): boolean {
  if (chosen.length === 0) return true;
  const ours = mail.direction === 'inbound' ? [...mail.to, ...mail.cc] : mail.from;
  return ours.some((a) => contactLookupKeys(a.address).some((key) => chosen.includes(key)));
}
