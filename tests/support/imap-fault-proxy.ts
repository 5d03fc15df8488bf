import { connect, createServer, type Socket } from 'node:net';

/** What the proxy does to one client command line (tagged, as imapflow sends them). */
export type CommandFault =
  /** Forward the command, then release the server's answer one byte every `intervalMs`. */
  | { readonly kind: 'drip'; readonly intervalMs: number }
  /** Do not forward the command; answer it with a tagged BAD instead. */
  | { readonly kind: 'bad'; readonly text: string };

export interface ImapFaultProxy {
  readonly host: string;
  readonly port: number;
  /** Connections whose answers are dripping now. */
  readonly dripping: number;
  /** Commands answered with BAD by the proxy so far. */
  readonly rejected: readonly string[];
  stop(): Promise<void>;
}

/**
 * A line-aware TCP proxy in front of a real IMAP server (the test's Dovecot) that plays a hostile or
 * broken server: `faultFor` sees each client command line and may drip the answer or reject it.
 */
export async function startImapFaultProxy(
  target: { host: string; port: number },
  faultFor: (line: string) => CommandFault | undefined,
): Promise<ImapFaultProxy> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const rejected: string[] = [];
  let dripping = 0;

  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let pending = '';
    let drip: { queue: Buffer[]; timer?: NodeJS.Timeout } | undefined;
    const close = () => {
      if (drip?.timer) { clearInterval(drip.timer); timers.delete(drip.timer); dripping--; }
      drip = undefined;
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);

    client.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\r\n')) >= 0) {
        const line = pending.slice(0, end + 2);
        pending = pending.slice(end + 2);
        const fault = faultFor(line.trimEnd());
        if (fault?.kind === 'bad') {
          rejected.push(line.trimEnd());
          client.write(`${line.split(' ')[0]} BAD ${fault.text}\r\n`);
          continue;
        }
        if (fault?.kind === 'drip' && !drip) {
          const state: { queue: Buffer[]; timer?: NodeJS.Timeout } = { queue: [] };
          state.timer = setInterval(() => {
            const head = state.queue[0];
            if (!head) return;
            client.write(head.subarray(0, 1));
            if (head.length > 1) state.queue[0] = head.subarray(1);
            else state.queue.shift();
          }, fault.intervalMs);
          timers.add(state.timer);
          drip = state;
          dripping++;
        }
        upstream.write(Buffer.from(line, 'latin1'));
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (drip) drip.queue.push(chunk);
      else client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');

  return {
    host: '127.0.0.1',
    port: address.port,
    get dripping() { return dripping; },
    rejected,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Whether a UID set such as `3:5,9` (as sent in UID FETCH) contains `uid`. */
export function uidSetHas(set: string, uid: number): boolean {
  return set.split(',').some((part) => {
    const [from, to] = part.split(':');
    const low = Number(from);
    const high = to === undefined ? low : to === '*' ? Infinity : Number(to);
    return uid >= Math.min(low, high) && uid <= Math.max(low, high);
  });
}
