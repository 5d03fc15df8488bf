import { emailTokens, tokenSet, wordTokens } from '../search/search-tokens.js';
import type { Contact } from './contact.js';

/** What a contact is found by: name, each email (full, local part, domain), company name, tags. */
export function contactTokens(c: Pick<Contact, 'name' | 'emails' | 'companyName' | 'tags'>): string[] {
  return tokenSet([
    ...wordTokens(c.name),
    ...c.emails.flatMap(emailTokens),
    ...wordTokens(c.companyName),
    ...c.tags.flatMap((t) => wordTokens(t)),
  ]);
}
