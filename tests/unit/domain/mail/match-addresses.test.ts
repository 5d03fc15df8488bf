import { describe, expect, it } from 'vitest';
import { isFreeMailDomain } from '../../../../shared/domain/mail/free-mail-domains.js';
import {
  contactLookupKeys, emailDomain, isOwnAddress, matchAddresses, normalizeEmail, participantsOf, stripPlusTag,
} from '../../../../shared/domain/mail/match-addresses.js';
import { aParsedMail } from '../../../fixtures/mail/a-parsed-mail.js';

describe('normalizeEmail', () => {
  it('trims, lowercases and strips brackets and mailto:', () => {
    expect(normalizeEmail('  <Jane.Doe@Northwind.EXAMPLE> ')).toBe('jane.doe@northwind.example');
    expect(normalizeEmail('mailto:Bob@Contoso.example')).toBe('bob@contoso.example');
  });

  it('turns an IDN domain into ASCII', () => {
    expect(normalizeEmail('info@Bücher.example')).toBe('info@xn--bcher-kva.example');
  });
});

describe('plus addressing', () => {
  it('looks a contact up by the exact address first, then without the +tag', () => {
    expect(contactLookupKeys('Jane+Orders@northwind.example')).toEqual(['jane+orders@northwind.example', 'jane@northwind.example']);
    expect(contactLookupKeys('jane@northwind.example')).toEqual(['jane@northwind.example']);
    expect(stripPlusTag('+only@x.example')).toBe('+only@x.example');
  });

  it('counts a +tag on an own address as own', () => {
    expect(isOwnAddress('sales+orders@acme-supplies.example', ['Sales@acme-supplies.example'])).toBe(true);
    expect(isOwnAddress('sales@acme-supplies.example', ['sales+orders@acme-supplies.example'])).toBe(false);
  });
});

describe('emailDomain and isFreeMailDomain', () => {
  it('reads the domain and knows consumer providers, including country variants', () => {
    expect(emailDomain('Maria@Gmail.com')).toBe('gmail.com');
    expect(emailDomain('nobody')).toBe('');
    expect(['gmail.com', 'yahoo.co.uk', 'hotmail.fr', 'gmx.at', 'proton.me', 'web.de'].every(isFreeMailDomain)).toBe(true);
    expect(['northwind.example', 'yahoo.example.com', 'acme-supplies.example'].some(isFreeMailDomain)).toBe(false);
  });
});

describe('matchAddresses and participantsOf', () => {
  it('splits own and external addresses, deduplicated', () => {
    const result = matchAddresses({
      addresses: ['Jane@northwind.example', 'jane@northwind.example', 'sales@acme-supplies.example', 'undisclosed'],
      ownAddresses: ['sales@acme-supplies.example'],
    });

    expect(result).toEqual({ own: ['sales@acme-supplies.example'], external: ['jane@northwind.example'] });
  });

  it('lists the external people of a mail from from, reply-to, to and cc', () => {
    const parsed = aParsedMail({
      replyTo: [{ address: 'orders@northwind.example', name: '' }],
      cc: [{ address: 'bob.smith@contoso.example', name: 'Bob' }, { address: 'sales@acme-supplies.example', name: '' }],
    });

    expect(participantsOf(parsed, ['sales@acme-supplies.example']))
      .toEqual(['jane.doe@northwind.example', 'orders@northwind.example', 'bob.smith@contoso.example']);
  });
});
