import type { Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';

/** The loopback address every local service binds to. */
export const LOCAL_HOST = '127.0.0.1';

/** `npm start`'s preferred ports; each one that is taken falls back to a free port. */
export const PREFERRED_PORTS = { api: 3000, dynamodb: 8000, sqs: 9324, s3: 4568, ses: 8005, stripe: 12111 } as const;

/** Resolves `preferred` if it is free on 127.0.0.1, else 0 (let the OS choose); 0 stays 0. */
export async function pickPort(preferred: number): Promise<number> {
  if (preferred === 0) return 0;
  const probe = createServer();
  const free = await new Promise<boolean>((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(preferred, LOCAL_HOST, () => resolve(true));
  });
  if (free) await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free ? preferred : 0;
}

/** Listens on 127.0.0.1:`port`, falling back to a free port when it is taken; resolves the bound port. */
export async function listenLocal(server: Server | HttpServer, port: number): Promise<number> {
  const tryListen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.once('error', onError);
      server.listen(p, LOCAL_HOST, () => {
        server.off('error', onError);
        resolve();
      });
    });
  try {
    await tryListen(port);
  } catch (err) {
    if (port === 0 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    await tryListen(0);
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return address.port;
}

/** Closes an HTTP server and drops its keep-alive sockets so the port is released at once. */
export async function closeHttpServer(server: HttpServer): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
