import { describe, expect, it } from 'vitest';
import { snippetOf, stripQuotedAndSignature } from '../../../../shared/domain/mail/strip-quoted.js';

describe('stripQuotedAndSignature', () => {
  it('cuts a Gmail-style "On … wrote:" quote, also when it wraps onto two lines', () => {
    const text = 'Yes, 6 please.\n\nOn Mon, Mar 3, 2025 at 10:05 AM Acme Sales <sales@acme-supplies.example>\nwrote:\n> Hi Jane';

    expect(stripQuotedAndSignature(text)).toBe('Yes, 6 please.');
  });

  it('cuts Outlook original-message separators and From/Sent header blocks', () => {
    expect(stripQuotedAndSignature('New text\n-----Original Message-----\nFrom: x\nold')).toBe('New text');
    expect(stripQuotedAndSignature('New text\n\nFrom: Acme Sales <sales@acme-supplies.example>\nSent: Monday, March 3, 2025 10:05 AM\nTo: Jane\nold'))
      .toBe('New text');
  });

  it('drops "> " lines and cuts the "-- " signature', () => {
    expect(stripQuotedAndSignature('> old\nPlease bill me for 12 gadgets.\n-- \nJane Doe | Northwind')).toBe('Please bill me for 12 gadgets.');
  });

  it('cuts a sign-off followed by a short signature but keeps a "Thanks" in the middle of a long mail', () => {
    const short = 'Please bill me for 5 Large Black Widgets.\n\nThanks,\nJane Doe\nPurchasing, Northwind Traders\n+1 206 555 0100';
    const long = `Thanks!\n${Array.from({ length: 10 }, (_, i) => `Line ${i} of the actual request`).join('\n')}`;

    expect(stripQuotedAndSignature(short)).toBe('Please bill me for 5 Large Black Widgets.');
    expect(stripQuotedAndSignature(long)).toBe(long);
  });

  it('drops device footers like "Sent from my iPhone"', () => {
    expect(stripQuotedAndSignature('Order 3 widgets\n\nSent from my iPhone')).toBe('Order 3 widgets');
  });

  it('recognizes German and Spanish quote headers', () => {
    expect(stripQuotedAndSignature('Ja, bitte.\n\nAm 03.03.2025 um 10:05 schrieb Acme Sales <sales@acme-supplies.example>:\n> Hallo')).toBe('Ja, bitte.');
    expect(stripQuotedAndSignature('Sí.\n\nEl lun, 3 mar 2025 a las 10:05, Acme Sales escribió:\n> Hola')).toBe('Sí.');
  });
});

describe('snippetOf', () => {
  it('collapses whitespace and stays within 200 characters with an ellipsis', () => {
    const snippet = snippetOf(`Please   bill\n\nme ${'widgets '.repeat(100)}`);

    expect(snippet.length).toBeLessThanOrEqual(200);
    expect(snippet).toMatch(/^Please bill me widgets .*…$/);
  });

  it('falls back to the unquoted text when everything is quoted or signature', () => {
    expect(snippetOf('-- \nJane Doe')).toBe('-- Jane Doe');
    expect(snippetOf('> only quoted')).toBe('');
  });
});
