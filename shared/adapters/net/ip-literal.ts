import { isIPv4, isIPv6 } from 'node:net';

/**
 * Reads a host the way a socket would if it is an IP literal in any spelling (`127.1`, `2130706433`,
 * `0x7f000001`, `0177.0.0.1`, `[::ffff:7f00:1]`) and returns it canonical, or undefined for a name.
 */
export function parseIpLiteral(host: string): string | undefined {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIPv6(bare)) return unwrapMappedIpv4(bare);
  if (isIPv4(bare)) return bare;
  try {
    // WHATWG host parsing accepts the legacy inet_aton forms (octal, hex, 1–3 parts) that getaddrinfo does.
    const parsed = new URL(`http://${bare}/`).hostname;
    return isIPv4(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `::ffff:a.b.c.d` and `::ffff:7f00:1` become the IPv4 address a socket actually reaches. */
export function unwrapMappedIpv4(address: string): string {
  if (!isIPv6(address)) return address;
  const words = expandIpv6(address);
  const mapped = words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff;
  if (!mapped) return address.toLowerCase();
  const [hi = 0, lo = 0] = words.slice(6);
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

/** The eight 16-bit words of an IPv6 address (embedded dotted quads included). */
export function expandIpv6(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, quad.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headWords = head === '' ? [] : head.split(':');
  const tailWords = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = new Array<string>(8 - headWords.length - tailWords.length).fill('0');
  return [...headWords, ...(tail === undefined ? [] : zeros), ...tailWords].map((w) => parseInt(w, 16));
}

const dotted = (hi: number, lo: number): string => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');

/**
 * The IPv4 addresses an IPv6 transition address carries: NAT64 (RFC 6052, the /96 and /48
 * layouts), 6to4 (bits 16–47), Teredo (server in bits 32–63, client in the last 32 bits inverted),
 * SIIT `::ffff:0:a.b.c.d` and IPv4-compatible `::a.b.c.d`. Empty for any other address.
 */
export function embeddedIpv4(address: string): string[] {
  if (!isIPv6(address)) return [];
  const w = expandIpv6(address);
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = w;
  const last = dotted(w6, w7);
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0) return [last];
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 1) return [last, dotted(w3, ((w4 & 0xff) << 8) | (w5 >> 8))];
  if (w0 === 0x2002) return [dotted(w1, w2)];
  if (w0 === 0x2001 && w1 === 0) return [dotted(w2, w3), dotted(~w6 & 0xffff, ~w7 & 0xffff)];
  if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 && w4 === 0xffff && w5 === 0) return [last];
  if (w.slice(0, 6).every((x) => x === 0) && (w6 !== 0 || w7 > 1)) return [last];
  return [];
}
