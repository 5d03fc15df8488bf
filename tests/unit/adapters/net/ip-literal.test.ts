import { describe, expect, it } from 'vitest';
import { embeddedIpv4, parseIpLiteral } from '../../../../shared/adapters/net/ip-literal.js';
import { resolveAllowedHost } from '../../../../shared/adapters/net/ssrf-guard.js';

describe('embeddedIpv4', () => {
  it.each([
    ['NAT64 well-known prefix', '64:ff9b::7f00:1', ['127.0.0.1']],
    ['NAT64 local-use /48 layout (RFC 6052 2.2)', '64:ff9b:1:c000:2:2100::', ['0.0.0.0', '192.0.2.33']],
    ['6to4', '2002:c000:204::1', ['192.0.2.4']],
    ['Teredo server and inverted client (RFC 4380 example)', '2001:0:4136:e378:8000:63bf:3fff:fdd2', ['65.54.227.120', '192.0.2.45']],
    ['SIIT', '::ffff:0:a9fe:a9fe', ['169.254.169.254']],
    ['IPv4-compatible', '::a00:1', ['10.0.0.1']],
  ])('reads the IPv4 address inside %s', (_name, address, expected) => {
    expect(embeddedIpv4(address)).toEqual(expected);
  });

  it('finds none in a plain global address, loopback or an IPv4 address', () => {
    expect([embeddedIpv4('2606:4700::1111'), embeddedIpv4('::1'), embeddedIpv4('::'), embeddedIpv4('8.8.8.8')]).toEqual([[], [], [], []]);
  });
});

describe('the refusal of a transition address', () => {
  it('says when it tunnels to a private address, and refuses it even behind the local-stack flag', async () => {
    const err = await resolveAllowedHost('2002:7f00:1::1', { allowPrivate: true }).catch((e: unknown) => e);

    expect(err).toMatchObject({ kind: 'blocked-host', message: '2002:7f00:1::1 tunnels to a private or reserved IPv4 address and cannot be used as a mail server' });
  });
});

describe('parseIpLiteral', () => {
  it('reads legacy and bracketed spellings, unwraps IPv4-mapped and leaves names alone', () => {
    expect(['0x7f.1', '[::ffff:7f00:1]', '017700000001', 'mail.example.com'].map(parseIpLiteral)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1', undefined]);
  });
});
