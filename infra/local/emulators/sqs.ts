import { createServer, type Server } from 'node:http';
import { createRequestHandler } from 'local-aws-sqs';
import { closeHttpServer, listenLocal, LOCAL_HOST } from '../ports.js';

export interface SqsEmulator {
  readonly endpoint: string;
  readonly port: number;
  readonly server: Server;
  stop(): Promise<void>;
}

/** Starts local-aws-sqs in this process on 127.0.0.1; queues and messages live in memory only. */
export async function startSqsEmulator(port: number): Promise<SqsEmulator> {
  const server = createServer();
  const bound = await listenLocal(server, port);
  // Queue URLs embed the port, so the handler is built once the real port is known.
  const { requestHandler } = createRequestHandler({
    port: bound,
    hostname: LOCAL_HOST,
    emulateQueueCreationLifecycle: false,
  });
  server.on('request', (req, res) => void requestHandler(req, res));
  return { endpoint: `http://${LOCAL_HOST}:${bound}`, port: bound, server, stop: () => closeHttpServer(server) };
}
