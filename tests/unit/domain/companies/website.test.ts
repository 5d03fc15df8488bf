import { describe, expect, it } from 'vitest';
import { normalizeWebsite } from '../../../../shared/domain/companies/website.js';

describe('company websites', () => {
  it.each([
    'javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'file:///etc/passwd', 'ftp://acme.example/',
    'mailto:sales@acme.example', 'https://bank.example@evil.example/', 'https://user:pw@acme.example/', 'https://127.0.0.1/',
    'http://[::1]/', 'localhost:3000', 'https://', 'not a url',
  ])('refuses %j', (input) => {
    expect(normalizeWebsite(input)).toBeUndefined();
  });

  it.each([
    ['acme.example', 'https://acme.example/'],
    ['www.Acme.example/shop', 'https://www.acme.example/shop'],
    ['acme.example:8443/x', 'https://acme.example:8443/x'],
    ['HTTP://Acme.Example/A?b=C', 'http://acme.example/A?b=C'],
    ['https://b\u00fccher.example', 'https://xn--bcher-kva.example/'],
  ])('stores %j as %j', (input, href) => {
    expect(normalizeWebsite(input)).toBe(href);
  });
});
