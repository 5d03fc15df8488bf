import { isFreeMailDomain } from '../mail/free-mail-domains.js';
import { contactLookupKeys, emailDomain } from '../mail/match-addresses.js';
import type { LinkProvenanceKind } from './link-provenance.js';
import type { ContactDirectory } from './ports.js';

export interface MatchedOwners {
  readonly contactIds: string[];
  readonly companyIds: string[];
  /** Which contact each address matched (for relink bookkeeping). */
  readonly byAddress: ReadonlyMap<string, string>;
  /** How each owner matched, by `contact#<id>` / `company#<id>`; an exact address beats a plus-address. */
  readonly kinds: ReadonlyMap<string, LinkProvenanceKind>;
}

/**
 * Finds the contacts and companies of a mail's external addresses: each address by its exact
 * form, then without its +tag; each non-free-mail domain against company domains; and the company
 * of each matched contact, so mail a contact writes from another domain (a personal address)
 * still reaches its company (`contact_company`, weaker than a domain match).
 */
export async function matchOwners(directory: ContactDirectory, spaceId: string, addresses: readonly string[]): Promise<MatchedOwners> {
  const byAddress = new Map<string, string>();
  const kinds = new Map<string, LinkProvenanceKind>();
  await Promise.all(addresses.map(async (address) => {
    for (const [i, key] of contactLookupKeys(address).entries()) {
      const contactId = await directory.findContactIdByEmail(spaceId, key);
      if (!contactId) continue;
      byAddress.set(address, contactId);
      if (i === 0 || !kinds.has(`contact#${contactId}`)) kinds.set(`contact#${contactId}`, i === 0 ? 'exact_address' : 'plus_address');
      return;
    }
  }));
  const domains = [...new Set(addresses.map(emailDomain).filter((d) => d !== '' && !isFreeMailDomain(d)))];
  const companies = await Promise.all(domains.map((d) => directory.findCompanyIdByDomain(spaceId, d)));
  for (const c of companies) if (c) kinds.set(`company#${c}`, 'company_domain');
  const contactIds = [...new Set(byAddress.values())].sort();
  const ofContacts = await Promise.all(contactIds.map((id) => directory.findCompanyIdOfContact?.(spaceId, id)));
  for (const c of ofContacts) if (c && !kinds.has(`company#${c}`)) kinds.set(`company#${c}`, 'contact_company');
  return {
    contactIds,
    companyIds: [...new Set([...companies, ...ofContacts].filter((c): c is string => c !== undefined))].sort(),
    byAddress,
    kinds,
  };
}
