/** Header name (lowercase) to its unfolded values, in order. */
export type HeaderMap = ReadonlyMap<string, readonly string[]>;

const MAX_HEADER_LINES = 5_000;

/**
 * Cheap headers-only scan of the first `maxBytes` of a raw mail: no MIME tree, no body, no
 * recursion, so it works on the bombs mailparser refuses (M1-M3). Values are unfolded, not decoded.
 */
export function scanHeaders(raw: Buffer, maxBytes = 64 * 1024): HeaderMap {
  const head = raw.subarray(0, maxBytes);
  const end = headerEnd(head);
  const text = decodeBytes(head.subarray(0, end));
  const headers = new Map<string, string[]>();
  let name: string | undefined;
  let lines = 0;
  for (const line of text.split(/\r?\n/)) {
    if (lines++ > MAX_HEADER_LINES) break;
    if (/^[ \t]/.test(line) && name !== undefined) {
      const values = headers.get(name) ?? [];
      values[values.length - 1] = `${values[values.length - 1] ?? ''} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) { name = undefined; continue; }
    name = line.slice(0, colon).trim().toLowerCase();
    const values = headers.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(name, values);
  }
  return headers;
}

/** The first value of a header, if any. */
export function firstHeader(headers: HeaderMap, name: string): string | undefined {
  return headers.get(name)?.[0];
}

/** Best-effort RFC 2047 decoding (`=?charset?B|Q?...?=`); unknown charsets fall back to UTF-8. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[bqBQ]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[bqBQ]\?[^?\s]*\?=)/g, '$1')
    .replace(/=\?([^?\s]+)\?([bqBQ])\?([^?\s]*)\?=/g, (_, charset: string, enc: string, data: string) => {
      const bytes = enc.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-fA-F]{2})/g, (_m, hex: string) =>
          String.fromCharCode(parseInt(hex, 16))), 'latin1');
      return decodeBytes(bytes, charset.split('*')[0]);
    });
}

/** Bytes to text: the named charset, else strict UTF-8, else Latin-1; never throws. */
export function decodeBytes(bytes: Uint8Array, charset?: string): string {
  if (charset && !/^utf-?7$/i.test(charset)) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // unknown charset label: fall through to UTF-8
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

function headerEnd(head: Buffer): number {
  const crlf = head.indexOf('\r\n\r\n');
  const lf = head.indexOf('\n\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  return ends.length > 0 ? Math.min(...ends) : head.length;
}
