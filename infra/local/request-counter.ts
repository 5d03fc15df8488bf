import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { closeHttpServer, listenLocal, LOCAL_HOST } from './ports.js';

export type CountedService = 'dynamodb' | 's3' | 'sqs';

/** Requests the emulators answered, by service and operation (what AWS bills per request). */
export interface RequestCounter {
  /** e.g. `{ dynamodb: { GetItem: 12 }, s3: { PUT: 3 }, sqs: { SendMessageBatch: 1 } }` */
  counts(): Record<CountedService, Record<string, number>>;
  reset(): void;
  observe(service: CountedService, req: IncomingMessage): void;
}

/**
 * The operation of one request: DynamoDB and SQS (JSON protocol) name it in `X-Amz-Target`; S3 by
 * its method, with object-less GETs counted as `LIST` (ListObjectsV2 is billed like a PUT).
 */
export function operationOf(service: CountedService, req: Pick<IncomingMessage, 'method' | 'headers' | 'url'>): string {
  if (service !== 's3') {
    const target = String(req.headers['x-amz-target'] ?? '');
    return target.slice(target.lastIndexOf('.') + 1) || 'unknown';
  }
  const path = (req.url ?? '/').split('?')[0]!.split('/').filter(Boolean);
  const method = req.method ?? 'GET';
  return method === 'GET' && path.length < 2 ? 'LIST' : method;
}

export function createRequestCounter(): RequestCounter {
  let counts: Record<CountedService, Record<string, number>> = { dynamodb: {}, s3: {}, sqs: {} };
  return {
    counts: () => structuredClone(counts),
    reset() { counts = { dynamodb: {}, s3: {}, sqs: {} }; },
    observe(service, req) {
      const op = operationOf(service, req);
      counts[service][op] = (counts[service][op] ?? 0) + 1;
    },
  };
}

/** Counts every request an in-process emulator's HTTP server receives (an extra listener; it never answers). */
export function observeServer(server: Server, service: CountedService, counter: RequestCounter): void {
  server.on('request', (req: IncomingMessage) => counter.observe(service, req));
}

/**
 * A pass-through HTTP proxy on 127.0.0.1 in front of an out-of-process emulator (DynamoDB Local),
 * counting each request on the way.
 */
export async function startCountingProxy(target: string, service: CountedService, counter: RequestCounter): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    counter.observe(service, req);
    const forward = httpRequest({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers,
    }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
    req.pipe(forward);
  });
  const port = await listenLocal(server, 0);
  return { endpoint: `http://${LOCAL_HOST}:${port}`, stop: () => closeHttpServer(server) };
}
