import { describe, expect, it } from 'vitest';
import { capUtf8, cleanLine, cleanText } from '../../../../shared/domain/mail/clean-text.js';

describe('cleanText', () => {
  it('removes NULs and controls, replaces lone surrogates and normalizes line ends', () => {
    expect(cleanText('a\u0000b\r\nc\rd\u0007\uD800e')).toBe('ab\nc\nd\uFFFDe');
  });

  it('caps by UTF-8 bytes without splitting a character', () => {
    const capped = capUtf8('ééé', 5);

    expect(capped).toBe('éé');
    expect(cleanText('ü'.repeat(10), 7)).toBe('üüü');
  });
});

describe('cleanLine', () => {
  it('keeps a header value on one line (no CR, LF or U+2028) and caps it', () => {
    expect(cleanLine('Hi\r\nBcc: x@y\u2028z', 998)).toBe('Hi Bcc: x@y z');
    expect(cleanLine('x'.repeat(2_000), 998)).toHaveLength(998);
  });
});
