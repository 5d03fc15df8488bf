import { emailTokens, tokenSet, wordTokens } from '../search/search-tokens.js';
import { phoneNumbersOf } from '../sms/phone-number.js';
import type { Contact } from './contact.js';

/**
 * What a contact is found by: name, each email (full, local part, domain), company name, tags,
 * and each phone number in E.164 form (inbound SMS finds its sender's contact by it).
 */
export function contactTokens(c: Pick<Contact, 'name' | 'emails' | 'companyName' | 'tags'> & { readonly phones?: readonly string[] }): string[] {
  return tokenSet([
    ...wordTokens(c.name),
    ...c.emails.flatMap(emailTokens),
    ...phoneNumbersOf(c.phones ?? []),
    ...wordTokens(c.companyName),
    ...c.tags.flatMap((t) => wordTokens(t)),
  ]);
}
