import type { Server } from 'node:http';
import S3rver from 's3rver';
import { closeHttpServer, LOCAL_HOST, pickPort } from '../ports.js';

export interface S3Emulator {
  readonly endpoint: string;
  readonly port: number;
  readonly server: Server;
  stop(): Promise<void>;
}

/** Starts s3rver in this process on 127.0.0.1, storing objects under `directory`. */
export async function startS3Emulator(port: number, directory: string): Promise<S3Emulator> {
  const server = new S3rver({
    address: LOCAL_HOST,
    port: await pickPort(port),
    directory,
    silent: true,
    vhostBuckets: false,
  });
  const address = await server.run();
  const stop = async () => {
    if (server.httpServer !== undefined) await closeHttpServer(server.httpServer);
  };
  return { endpoint: `http://${LOCAL_HOST}:${address.port}`, port: address.port, server: server.httpServer as Server, stop };
}
