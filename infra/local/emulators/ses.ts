import * as sesModule from 'aws-ses-v2-local';
import { closeHttpServer, LOCAL_HOST, pickPort } from '../ports.js';

export interface SesEmulator {
  /** SES v1 and v2 API endpoint; its viewer is at `/`, sent mail as JSON at `/store`. */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

// A CommonJS module with `exports.default`: Node's ESM loader and bundlers disagree on the default.
const startSes = ((sesModule.default as unknown as { default?: typeof sesModule.default }).default ??
  sesModule.default) as typeof sesModule.default;

/** Starts aws-ses-v2-local in this process on 127.0.0.1 (sent mail lives in memory only). */
export async function startSesEmulator(port: number): Promise<SesEmulator> {
  const server = await startSes({ host: LOCAL_HOST, port: await pickPort(port) });
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('SES emulator has no TCP address');
  return { endpoint: `http://${LOCAL_HOST}:${address.port}`, port: address.port, stop: () => closeHttpServer(server) };
}
