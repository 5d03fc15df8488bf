import { describe, expect, it } from 'vitest';
import { resolveAllowedHost, type HostLookup } from '../../../../shared/adapters/net/ssrf-guard.js';

/**
 * Written from the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates:
 * RFC 7526, 8155, 8190, 9374, 9602, 9637, 9780), every entry and sub-entry, plus multicast, the
 * deprecated site-local block and the SIIT and IPv4-compatible forms, independently of the guard's
 * own table. `sample` is one address from inside the range besides its first and last.
 */
const IPV4: [cidr: string, sample: string][] = [
  ['0.0.0.0/8', '0.1.2.3'], ['0.0.0.0/32', '0.0.0.0'], ['10.0.0.0/8', '10.20.30.40'], ['100.64.0.0/10', '100.100.100.200'],
  ['127.0.0.0/8', '127.0.0.53'], ['169.254.0.0/16', '169.254.169.254'], ['172.16.0.0/12', '172.20.1.1'],
  ['192.0.0.0/24', '192.0.0.100'], ['192.0.0.0/29', '192.0.0.2'], ['192.0.0.8/32', '192.0.0.8'], ['192.0.0.9/32', '192.0.0.9'],
  ['192.0.0.10/32', '192.0.0.10'], ['192.0.0.170/32', '192.0.0.170'], ['192.0.0.171/32', '192.0.0.171'],
  ['192.0.2.0/24', '192.0.2.25'], ['192.31.196.0/24', '192.31.196.1'], ['192.52.193.0/24', '192.52.193.7'],
  ['192.88.99.0/24', '192.88.99.1'], ['192.168.0.0/16', '192.168.1.1'], ['192.175.48.0/24', '192.175.48.6'],
  ['198.18.0.0/15', '198.19.0.1'], ['198.51.100.0/24', '198.51.100.7'], ['203.0.113.0/24', '203.0.113.9'],
  ['224.0.0.0/4', '239.255.255.250'], ['240.0.0.0/4', '250.1.2.3'], ['255.255.255.255/32', '255.255.255.255'],
];
const IPV6: [cidr: string, sample: string][] = [
  ['::1/128', '::1'], ['::/128', '::'], ['::/96', '::10.0.0.1'], ['::ffff:0:0:0/96', '::ffff:0:8.8.8.8'],
  ['64:ff9b::/96', '64:ff9b::808:808'], ['64:ff9b:1::/48', '64:ff9b:1:abcd::1'], ['100::/64', '100::dead:beef'],
  ['100:0:0:1::/64', '100:0:0:1::7'], ['2001::/23', '2001:1ff::1'], ['2001::/32', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
  ['2001:1::1/128', '2001:1::1'], ['2001:1::2/128', '2001:1::2'], ['2001:1::3/128', '2001:1::3'], ['2001:2::/48', '2001:2:0:ab::1'],
  ['2001:3::/32', '2001:3:1::1'], ['2001:4:112::/48', '2001:4:112::1'], ['2001:10::/28', '2001:1a::1'], ['2001:20::/28', '2001:2f::1'],
  ['2001:30::/28', '2001:3f::1'], ['2001:db8::/32', '2001:db8:85a3::8a2e:370:7334'], ['2002::/16', '2002:808:808::1'],
  ['2620:4f:8000::/48', '2620:4f:8000::42'], ['3fff::/20', '3fff:fff::1'], ['5f00::/16', '5f00:1::1'], ['fc00::/7', 'fd12:3456:789a::1'],
  ['fe80::/10', 'fe80::1ff:fe23:4567:890a'], ['fec0::/10', 'fec0::1'], ['ff00::/8', 'ff02::fb'],
];

const toBig = (address: string): bigint => address.includes(':')
  ? expand(address).reduce((n, w) => (n << 16n) | BigInt(w), 0n)
  : address.split('.').reduce((n, o) => (n << 8n) | BigInt(Number(o)), 0n);
function expand(address: string): number[] {
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const text = v4 ? address.slice(0, v4.index) + `${(Number(v4[1]) * 256 + Number(v4[2])).toString(16)}:${(Number(v4[3]) * 256 + Number(v4[4])).toString(16)}` : address;
  const [head = '', tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  return [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t].map((w) => parseInt(w, 16));
}
const fromBig = (n: bigint, v6: boolean): string => v6
  ? Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':')
  : Array.from({ length: 4 }, (_, i) => ((n >> BigInt(24 - 8 * i)) & 0xffn).toString()).join('.');
/** The first and last address of a range. */
const edges = (cidr: string): string[] => {
  const [net = '', len = '0'] = cidr.split('/');
  const v6 = net.includes(':');
  const hostBits = BigInt((v6 ? 128 : 32) - Number(len));
  const first = (toBig(net) >> hostBits) << hostBits;
  return [fromBig(first, v6), fromBig(first + (1n << hostBits) - 1n, v6)];
};

const refused = (host: string, lookup?: HostLookup): Promise<boolean> =>
  resolveAllowedHost(host, { allowPrivate: false, ...(lookup ? { lookup } : {}) })
    .then(() => false, (err: { kind?: string }) => err.kind === 'blocked-host');
const answering = (address: string): HostLookup => async () => [{ address, family: address.includes(':') ? 6 : 4 }];

const vectors = [...IPV4, ...IPV6].flatMap(([cidr, sample]) => [sample, ...edges(cidr)].map((address) => ({ cidr, address })));

describe('the SSRF guard on every special-purpose range', () => {
  it('refuses 100 % of the registry addresses as literals and as DNS answers', async () => {
    const literal = await Promise.all(vectors.map(async (v) => ({ ...v, refused: await refused(v.address) })));
    const viaDns = await Promise.all(vectors.map(async (v) => ({ ...v, refused: await refused('mail.example.com', answering(v.address)) })));

    const passed = [...literal, ...viaDns].filter((v) => !v.refused);
    console.log(`special-purpose ranges: ${IPV4.length + IPV6.length} ranges, ${vectors.length * 2} vectors (literal and DNS), `
      + `${vectors.length * 2 - passed.length} refused (${(100 * (1 - passed.length / (vectors.length * 2))).toFixed(1)} %)`);
    expect(passed).toEqual([]);
  });

  const privateV4 = ['127.0.0.1', '10.0.0.1', '169.254.169.254', '192.168.1.1', '100.64.0.1', '0.0.0.0'];
  const v4Words = (v4: string) => {
    const n = Number(toBig(v4));
    return [(n >>> 16).toString(16), (n & 0xffff).toString(16)];
  };
  const embeddings: Record<string, (v4: string) => string> = {
    'NAT64 64:ff9b::/96': (v4) => `64:ff9b::${v4}`,
    'NAT64 local-use 64:ff9b:1::/48 (RFC 6052 /48 layout)': (v4) => {
      const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
      return `64:ff9b:1:${((a << 8) | b).toString(16)}:${c.toString(16)}:${(d << 8).toString(16)}::`;
    },
    'NAT64 local-use 64:ff9b:1::/48 (last 32 bits)': (v4) => `64:ff9b:1::${v4}`,
    '6to4 2002::/16': (v4) => `2002:${v4Words(v4).join(':')}::1`,
    'Teredo 2001::/32 (server)': (v4) => `2001:0:${v4Words(v4).join(':')}:8000:63bf:3fff:fdd2`,
    'Teredo 2001::/32 (client, inverted)': (v4) => `2001:0:4136:e378:8000:63bf:${v4Words(v4).map((w) => (~parseInt(w, 16) & 0xffff).toString(16)).join(':')}`,
    'SIIT ::ffff:0:0:0/96': (v4) => `::ffff:0:${v4}`,
    'IPv4-compatible ::/96': (v4) => `::${v4}`,
    'IPv4-mapped ::ffff:0:0/96': (v4) => `::ffff:${v4}`,
  };

  it.each(Object.keys(embeddings))('refuses %s carrying a private or reserved IPv4 address, as a literal and a DNS answer', async (name) => {
    const addresses = privateV4.map(embeddings[name]!);

    const outcomes = await Promise.all(addresses.flatMap((a) => [refused(a), refused(`[${a}]`), refused('mail.example.com', answering(a))]));

    expect(outcomes.every(Boolean), addresses.join(' ')).toBe(true);
  });

  it.each(Object.keys(embeddings).filter((n) => !n.startsWith('IPv4-mapped')))('refuses %s even when it carries a public IPv4 address', async (name) => {
    const address = embeddings[name]!('8.8.8.8');

    expect([await refused(address), await refused('mail.example.com', answering(address))]).toEqual([true, true]);
  });

  const publicControls = ['8.8.8.8', '1.1.1.1', '93.184.215.14', '192.88.98.255', '192.88.100.0', '100.63.255.255', '100.128.0.0',
    '172.15.255.255', '172.32.0.0', '198.17.255.255', '198.20.0.0', '223.255.255.255', '::ffff:8.8.8.8', '2606:4700::1111',
    '2a00:1450:4001:82b::200e', '2001:200::1', '2001:4860:4860::8888', '2003::1', '2620:4f:7fff::1', '3fff:1000::1'];

  it.each(publicControls)('accepts the public address %s as a literal and a DNS answer', async (address) => {
    expect([await refused(address), await refused('mail.example.com', answering(address))]).toEqual([false, false]);
  });
});
