import { normalizeDomain } from '../domain/companies/normalize-domain.js';
import { isFreeMailDomain } from '../domain/mail/free-mail-domains.js';
import { contactLookupKeys, emailDomain, participantsOf } from '../domain/mail/match-addresses.js';
import type { ParsedMail } from '../domain/mail/parsed-mail.js';
import type { ContactDirectory } from '../domain/threads/ports.js';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import { companyDomainKey, contactEmailKey, type Key } from './keys.js';

/** Cap per batch: a mail's first addresses are enough to find its owners, and keeps BatchGetItem calls few. */
const ADDRESSES_PER_MAIL = 200;

type OwnerMail = { spaceId: string; mail: Pick<ParsedMail, 'from' | 'replyTo' | 'to' | 'cc'> };
const split = (id: string) => id.split('\u0000') as [string, string];

/** The email and domain lookups of a batch's mail, as `space\0email` and `space\0domain` ids. */
function lookupsOf(mails: readonly OwnerMail[]): { emailIds: string[]; domainIds: string[] } {
  const emails = new Set<string>();
  const domains = new Set<string>();
  for (const { spaceId, mail } of mails) {
    for (const address of participantsOf(mail).slice(0, ADDRESSES_PER_MAIL)) {
      for (const key of contactLookupKeys(address)) emails.add(`${spaceId}\u0000${key}`);
      const domain = normalizeDomain(emailDomain(address));
      if (domain && !isFreeMailDomain(domain)) domains.add(`${spaceId}\u0000${domain}`);
    }
  }
  return { emailIds: [...emails], domainIds: [...domains] };
}

const keysOf = ({ emailIds, domainIds }: { emailIds: string[]; domainIds: string[] }): Key[] =>
  [...emailIds.map((id) => contactEmailKey(...split(id))), ...domainIds.map((id) => companyDomainKey(...split(id)))];

/** The keys `prefetchOwners` reads for these mails, so a caller can read them ahead with others. */
export const ownerLookupKeys = (mails: readonly OwnerMail[]): Key[] => keysOf(lookupsOf(mails));

/**
 * A directory for one batch of mail: the email and domain index items of every address on every
 * mail are read at once (BatchGetItem, 100 keys a call) instead of one GetItem per address and one
 * more per contact or company found. Lookups the batch did not foresee go to `fallback`.
 */
export async function prefetchOwners(
  t: TableRef, fallback: ContactDirectory, mails: readonly OwnerMail[],
): Promise<ContactDirectory> {
  const lookups = lookupsOf(mails);
  const { emailIds, domainIds } = lookups;
  const emails = new Map<string, string | undefined>();
  const domains = new Map<string, string | undefined>();
  const found = await batchGet(t, keysOf(lookups));
  emailIds.forEach((id, i) => emails.set(id, found[i]?.contactId as string | undefined));
  domainIds.forEach((id, i) => domains.set(id, found[emailIds.length + i]?.companyId as string | undefined));
  return {
    async findContactIdByEmail(spaceId, email) {
      const id = `${spaceId}\u0000${email}`;
      return emails.has(id) ? emails.get(id) : fallback.findContactIdByEmail(spaceId, email);
    },
    async findCompanyIdByDomain(spaceId, domain) {
      const id = `${spaceId}\u0000${normalizeDomain(domain) ?? domain}`;
      return domains.has(id) ? domains.get(id) : fallback.findCompanyIdByDomain(spaceId, domain);
    },
    ...(fallback.findCompanyIdOfContact ? { findCompanyIdOfContact: fallback.findCompanyIdOfContact.bind(fallback) } : {}),
    touchContactActivity: (spaceId, contactId, at) => fallback.touchContactActivity(spaceId, contactId, at),
  };
}
