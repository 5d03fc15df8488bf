import { describe, expect, it } from 'vitest';
import { resolveAllowedHost, type HostLookup } from '../../../../shared/adapters/net/ssrf-guard.js';
import { MailboxConnectError } from '../../../../shared/domain/mailbox/mailbox-errors.js';

const publicDns: HostLookup = async () => [{ address: '93.184.215.14', family: 4 }];
const answering = (...addresses: string[]): HostLookup => async () =>
  addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(host: string, lookup: HostLookup = publicDns): Promise<unknown> {
  return resolveAllowedHost(host, { allowPrivate: false, lookup }).then(() => undefined, (err: unknown) => err);
}

describe('resolveAllowedHost', () => {
  const loopbackSpellings = ['localhost', '127.1', '2130706433', '0x7f000001', '0177.0.0.1', '0.0.0.0',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::1', '::', '[::1]', 'LOCALHOST.', 'imap.localhost'];

  it.each(loopbackSpellings)('refuses the loopback spelling %s as a blocked host', async (host) => {
    const err = await refusal(host, answering('127.0.0.1', '::1'));

    expect(err).toBeInstanceOf(MailboxConnectError);
    expect(err).toMatchObject({ code: 'mailbox-connect-failed', kind: 'blocked-host' });
  });

  const specialPurpose = ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '100.127.255.255',
    '169.254.169.254', '198.18.0.1', '198.19.255.255', '0.1.2.3', '224.0.0.1', '239.255.255.250', '240.0.0.1',
    '255.255.255.255', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe',
    '2002:7f00:1::', '64:ff9b::a9fe:a9fe', '192.0.2.5'];

  it.each(specialPurpose)('refuses the special-purpose address %s', async (address) => {
    expect(await refusal(address)).toMatchObject({ kind: 'blocked-host' });
  });

  it.each(specialPurpose.filter((a) => !a.includes(':')))('refuses a name that resolves to %s', async (address) => {
    expect(await refusal('mail.example.com', answering(address))).toMatchObject({ kind: 'blocked-host' });
  });

  it('refuses a name when any one of its A or AAAA answers is private', async () => {
    const err = await refusal('mail.example.com', answering('93.184.215.14', '::ffff:127.0.0.1'));

    expect(err).toMatchObject({ kind: 'blocked-host' });
  });

  it('pins the validated public address and keeps the name for TLS', async () => {
    const host = await resolveAllowedHost('Mail.Example.com', { allowPrivate: false, lookup: publicDns });

    expect(host).toEqual({ address: '93.184.215.14', servername: 'mail.example.com' });
  });

  it('accepts a public IP literal without a TLS servername', async () => {
    expect(await resolveAllowedHost('8.8.8.8', { allowPrivate: false })).toEqual({ address: '8.8.8.8' });
    expect(await resolveAllowedHost('2606:4700::1111', { allowPrivate: false })).toEqual({ address: '2606:4700::1111' });
  });

  it('never hands out loopback to a rebinding resolver that alternates answers', async () => {
    let call = 0;
    const rebinding: HostLookup = async () => [{ address: call++ % 2 === 0 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    const pinned: string[] = [];

    for (let i = 0; i < 100; i++) {
      await resolveAllowedHost('rebind.example', { allowPrivate: false, lookup: rebinding })
        .then((h) => pinned.push(h.address), () => undefined);
    }

    expect(pinned).toHaveLength(50);
    expect(new Set(pinned)).toEqual(new Set(['93.184.215.14']));
  });

  it('allows loopback and private ranges only behind the local-stack flag', async () => {
    const local = { allowPrivate: true, lookup: answering('127.0.0.1') };

    expect(await resolveAllowedHost('127.0.0.1', local)).toEqual({ address: '127.0.0.1' });
    expect(await resolveAllowedHost('localhost', local)).toEqual({ address: '127.0.0.1', servername: 'localhost' });
    expect(await resolveAllowedHost('::1', local)).toEqual({ address: '::1' });
    await expect(resolveAllowedHost('169.254.169.254', local)).rejects.toMatchObject({ kind: 'blocked-host' });
  });

  it('reports a name that does not resolve as a DNS failure', async () => {
    const failing: HostLookup = async () => { throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' }); };

    expect(await refusal('no-such-host.example', failing)).toMatchObject({ kind: 'dns' });
  });
});
