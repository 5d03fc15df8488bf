import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

/**
 * IPv6 transition addresses that carry 127.0.0.1, and the deprecated 6to4 relay anycast. The local
 * stack allows loopback mail hosts (ALLOW_PRIVATE_HOSTS), yet these stay refused: no mail server
 * lives behind a tunnel prefix, so they are never a legitimate host.
 */
const TUNNELS: Record<string, string> = {
  'NAT64 well-known': '64:ff9b::7f00:1',
  'NAT64 local-use, last 32 bits': '64:ff9b:1::7f00:1',
  'NAT64 local-use, /48 layout': '64:ff9b:1:7f00:0:100::',
  'Teredo server': '2001:0:7f00:1:8000:63bf:3fff:fdd2',
  'Teredo client (inverted)': '2001:0:4136:e378:8000:63bf:80ff:fffe',
  'SIIT': '::ffff:0:7f00:1',
  '6to4': '2002:7f00:1::1',
  'IPv4-compatible': '::7f00:1',
  '6to4 relay anycast': '192.88.99.1',
};

describe('mail hosts that tunnel to loopback', () => {
  let listener: Server;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    useLocalStackEnv();
    listener = createServer((socket) => { connections++; socket.destroy(); });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => listener.close(resolve)));

  it('are refused by POST /mailboxes/test and POST /mailboxes as blocked hosts, before any connection', async () => {
    const outcomes: { name: string; route: string; status: number; kind: unknown }[] = [];

    for (const [name, address] of Object.entries(TUNNELS)) {
      const api = apiAs(newSpaceId());
      for (const host of address.includes(':') ? [address, `[${address}]`] : [address]) {
        const settings = { host, port, security: 'plain', allowInsecure: true, username: 'u', password: 'p' };
        for (const route of ['/mailboxes/test', '/mailboxes']) {
          const reply = await api.post(route, settings);
          outcomes.push({ name, route, status: reply.status, kind: reply.body?.kind });
        }
      }
    }

    const refused = outcomes.filter((o) => o.status === 422 && o.kind === 'blocked-host');
    console.log(`tunnel addresses through the API: ${outcomes.length} requests, ${refused.length} refused as blocked-host, ${connections} connections`);
    expect(outcomes.filter((o) => !refused.includes(o))).toEqual([]);
    expect(connections).toBe(0);
  });
});
