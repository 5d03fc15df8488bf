import { connect, createServer, type Socket } from 'node:net';

export type CutMode = 'fin' | 'rst';

export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  /** Server-to-client bytes forwarded so far, over all connections. */
  readonly bytesDown: number;
  /** Once `afterBytes` more server-to-client bytes have passed, close the client side with FIN or RST. */
  cutAfter(afterBytes: number, mode: CutMode): void;
  /** Stop forwarding in both directions but keep both sockets open: a peer that vanished without a FIN. */
  goHalfOpen(): void;
  /** Resolves when the armed cut (or half-open) has happened. */
  readonly faulted: Promise<void>;
  stop(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly server: Socket;
}

/** A TCP proxy on 127.0.0.1 in front of a test server that can cut or freeze connections on demand. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let bytesDown = 0;
  let cutAt: number | undefined;
  let cutMode: CutMode = 'fin';
  let frozen = false;
  let markFaulted: () => void = () => undefined;
  const faulted = new Promise<void>((resolve) => { markFaulted = resolve; });

  const cut = (pair: Pair): void => {
    if (cutMode === 'rst') pair.client.resetAndDestroy();
    else pair.client.end();
    pair.server.destroy();
    markFaulted();
  };

  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const pair: Pair = { client, server: upstream };
    pairs.add(pair);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.on('close', () => { upstream.destroy(); pairs.delete(pair); });
    upstream.on('close', () => { if (!frozen) client.end(); });

    client.on('data', (chunk: Buffer) => { if (!frozen) upstream.write(chunk); });
    upstream.on('data', (chunk: Buffer) => {
      if (frozen || client.destroyed) return;
      if (cutAt !== undefined && bytesDown + chunk.length >= cutAt) {
        const head = chunk.subarray(0, cutAt - bytesDown);
        bytesDown = cutAt;
        cutAt = undefined;
        client.write(head, () => cut(pair));
        return;
      }
      bytesDown += chunk.length;
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');

  return {
    host: '127.0.0.1',
    port: address.port,
    get bytesDown() { return bytesDown; },
    faulted,
    cutAfter(afterBytes, mode) {
      cutAt = bytesDown + afterBytes;
      cutMode = mode;
    },
    goHalfOpen() {
      frozen = true;
      markFaulted();
    },
    async stop() {
      for (const pair of pairs) { pair.client.destroy(); pair.server.destroy(); }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
