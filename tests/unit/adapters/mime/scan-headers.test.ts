import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeWords, firstHeader, scanHeaders } from '../../../../shared/adapters/mime/scan-headers.js';

describe('scanHeaders', () => {
  it('unfolds header values and stops at the blank line', () => {
    const raw = Buffer.from('Subject: Order\r\n for widgets\r\nTo: a@x.example,\r\n\tb@x.example\r\n\r\nSubject: body line\r\n');

    const headers = scanHeaders(raw);

    expect(firstHeader(headers, 'subject')).toBe('Order for widgets');
    expect(headers.get('subject')).toHaveLength(1);
    expect(firstHeader(headers, 'to')).toBe('a@x.example, b@x.example');
  });

  it('reads only the first bytes it is given', () => {
    const raw = Buffer.from(`X-Pad: ${'p'.repeat(100)}\r\nSubject: late\r\n\r\n`);

    expect(firstHeader(scanHeaders(raw, 50), 'subject')).toBeUndefined();
  });
});

describe('decodeWords', () => {
  it('decodes B and Q words and joins adjacent ones', () => {
    expect(decodeWords('=?UTF-8?B?R3Jvw59l?= =?ISO-8859-1?Q?_M=FCller?=')).toBe('Große Müller');
  });

  it('falls back to UTF-8 for an unknown charset instead of throwing', () => {
    expect(decodeWords('=?x-unknown?B?SGVsbG8=?=')).toBe('Hello');
  });
});

describe('decodeBytes', () => {
  it('reads invalid UTF-8 as Latin-1', () => {
    expect(decodeBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe('café');
  });
});
