import { describe, expect, it } from 'vitest';
import { contactTokens } from '../../../../shared/domain/contacts/contact-tokens.js';
import { firstMatchingToken, normalizeSearchText, wordTokens } from '../../../../shared/domain/search/search-tokens.js';

describe('search tokens', () => {
  it('folds case and accents and collapses spaces', () => {
    expect(normalizeSearchText('  Renée   O’Brien ')).toBe('renee o’brien');
  });

  it('indexes the whole text and each word, keeping emoji', () => {
    expect(wordTokens('Jane (Sales) Doe 🚀')).toEqual(['jane (sales) doe 🚀', 'jane', 'sales', 'doe', '🚀']);
  });

  it('finds a contact by name words, email parts, company words and tags', () => {
    const tokens = contactTokens({ name: 'Jane Doe', emails: ['jane.d@acme.example'], companyName: 'Acme Ltd', tags: ['vip'] });

    expect(tokens).toEqual(expect.arrayContaining(['jane', 'doe', 'jane doe', 'jane.d@acme.example', 'jane.d', 'acme.example', 'acme', 'ltd', 'vip']));
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('picks the first matching token in index order so a record is listed once per query', () => {
    expect(firstMatchingToken(['jane', 'jane doe', 'jane.d@acme.example'], 'jane')).toBe('jane doe');
    expect(firstMatchingToken(['jane', 'jane.d@acme.example'], 'jane')).toBe('jane');
    expect(firstMatchingToken(['doe', 'jane'], 'x')).toBeUndefined();
  });
});
