import { describe, expect, it } from 'vitest';
import { emailSchema } from '../../../../shared/domain/contacts/email-address.js';
import { lineText, noteText, textProblem } from '../../../../shared/domain/contacts/text-rules.js';

describe('text rules', () => {
  it.each([
    ['NUL', '\u0000'], ['BEL', '\u0007'], ['a tab', '\t'], ['a newline', '\n'], ['DEL', '\u007f'], ['a C1 control', '\u009b'],
    ['a line separator', '\u2028'], ['a left-to-right embedding', '\u202a'], ['a right-to-left override', '\u202e'],
    ['a first-strong isolate', '\u2068'], ['a zero-width space', '\u200b'], ['a word joiner', '\u2060'], ['a BOM', '\ufeff'],
    ['a lone high surrogate', '\ud800'], ['a lone low surrogate', '\udc00'],
  ])('refuses %s in a one-line field and names its code point', (_case, char) => {
    const problem = textProblem(`Ann${char}Lee`, 'line');

    expect(problem).toMatch(/^must not contain U\+[0-9A-F]{4}/);
    expect(problem).toContain(`U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  });

  it('allows joiners in emoji and Persian text, direction marks and accents', () => {
    for (const ok of ['\ud83d\udc69\u200d\ud83d\udcbb', '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645', 'abc\u200fdef', 'Zoë Ørsted', '\ud83c\udff4\udb40\udc67\udb40\udc62\udb40\udc73\udb40\udc63\udb40\udc74\udb40\udc7f']) {
      expect(textProblem(ok, 'line')).toBeUndefined();
    }
  });

  it('keeps tabs and line breaks in notes but refuses other controls there', () => {
    expect(textProblem('one\ntwo\r\n\tthree', 'note')).toBeUndefined();
    expect(textProblem('one\u0007', 'note')).toMatch(/U\+0007/);
    expect(textProblem('one\u2029two', 'note')).toMatch(/U\+2029/);
  });

  it('refuses a one-line value that is only invisible', () => {
    expect(textProblem('\u200d\u200c', 'line')).toBe('must contain a visible character');
  });

  it('refuses every format and invisible character in a key, joiners included', () => {
    for (const char of ['\u200d', '\u200c', '\u00ad', '\u200e', '\u034f', '\ufe0f', ' ', '\u00a0', '\u3164']) {
      expect(textProblem(`a${char}b`, 'key')).toBeDefined();
    }
  });

  it('stores text in NFC and trims one-line text', () => {
    expect(lineText(50).parse('  Jose\u0301  ')).toBe('Jos\u00e9');
    expect(noteText(50).parse('cafe\u0301\n')).toBe('caf\u00e9\n');
  });
});

describe('email fields', () => {
  it.each([
    ['NFD', 'jose\u0301@acme.example'],
    ['upper case', 'JOS\u00c9@ACME.EXAMPLE'],
    ['fullwidth', '\uff4a\uff4f\uff53\u00e9\uff20\uff41\uff43\uff4d\uff45\uff0e\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45'],
    ['spaces around', '  jos\u00e9@acme.example '],
  ])('normalizes the %s spelling to the one key', (_case, email) => {
    expect(emailSchema.parse(email)).toBe('jos\u00e9@acme.example');
  });

  it('refuses invisible characters at the ends instead of trimming them away', () => {
    expect(emailSchema.safeParse('\ufeffann@acme.example').success).toBe(false);
    expect(emailSchema.safeParse('ann@acme.example\u200b').success).toBe(false);
  });
});
