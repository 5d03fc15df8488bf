import { describe, expect, it } from 'vitest';
import { normalizeDomain } from '../../../../shared/domain/companies/normalize-domain.js';

describe('normalizeDomain', () => {
  it.each([
    ['https://www.Example.COM/path?q=1', 'example.com'],
    ['http://user:pw@shop.example.co.uk:8080/', 'shop.example.co.uk'],
    ['WWW.acme.io.', 'acme.io'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['https://www.müller-gmbh.example/kontakt', 'xn--mller-gmbh-9db.example'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each(['', 'localhost', 'no spaces.com', '-bad.com', 'bad-.com', '1.2.3.4', 'a..b.com'])('rejects %j', (input) => {
    expect(normalizeDomain(input)).toBeUndefined();
  });
});
