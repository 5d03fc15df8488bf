import { isFreeMailDomain } from '../mail/free-mail-domains.js';
import { contactLookupKeys, emailDomain } from '../mail/match-addresses.js';
import type { ContactDirectory } from './ports.js';

export interface MatchedOwners {
  readonly contactIds: string[];
  readonly companyIds: string[];
  /** Which contact each address matched (for relink bookkeeping). */
  readonly byAddress: ReadonlyMap<string, string>;
}

/**
 * Finds the contacts and companies of a mail's external addresses: each address by its exact
 * form, then without its +tag; each non-free-mail domain against company domains.
 */
export async function matchOwners(directory: ContactDirectory, spaceId: string, addresses: readonly string[]): Promise<MatchedOwners> {
  const byAddress = new Map<string, string>();
  await Promise.all(addresses.map(async (address) => {
    for (const key of contactLookupKeys(address)) {
      const contactId = await directory.findContactIdByEmail(spaceId, key);
      if (contactId) { byAddress.set(address, contactId); return; }
    }
  }));
  const domains = [...new Set(addresses.map(emailDomain).filter((d) => d !== '' && !isFreeMailDomain(d)))];
  const companies = await Promise.all(domains.map((d) => directory.findCompanyIdByDomain(spaceId, d)));
  return {
    contactIds: [...new Set(byAddress.values())].sort(),
    companyIds: [...new Set(companies.filter((c): c is string => c !== undefined))].sort(),
    byAddress,
  };
}
