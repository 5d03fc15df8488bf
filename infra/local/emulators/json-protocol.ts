import { createServer, type IncomingMessage } from 'node:http';
import { closeHttpServer, listenLocal, LOCAL_HOST } from '../ports.js';

/** An AWS error as the JSON protocol sends it: `__type` names the exception the SDK throws. */
export class AwsJsonError extends Error {
  constructor(readonly type: string, message: string, readonly status = 400) {
    super(message);
  }
}

export type JsonOperation = (input: Record<string, unknown>) => unknown;

export interface JsonEmulator {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/**
 * A server for one AWS JSON-protocol service (`X-Amz-Target: <prefix>.<Operation>`) on 127.0.0.1.
 * Signatures are not checked: who may call what is the local IAM layer's job, in each function.
 */
export async function startJsonEmulator(port: number, targetPrefix: string, operations: Record<string, JsonOperation>): Promise<JsonEmulator> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) }).end(text);
    };
    void readJson(req).then((input) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(`${targetPrefix}.`) ? operations[target.slice(targetPrefix.length + 1)] : undefined;
      if (operation === undefined) throw new AwsJsonError('UnknownOperationException', `${target} is not emulated`);
      return operation(input);
    }).then((output) => reply(200, output ?? {}), (err: unknown) => {
      const e = err instanceof AwsJsonError ? err : new AwsJsonError('InternalFailure', 'the emulator failed', 500);
      reply(e.status, { __type: e.type, message: e.message });
    });
  });
  const bound = await listenLocal(server, port);
  return { endpoint: `http://${LOCAL_HOST}:${bound}`, port: bound, stop: () => closeHttpServer(server) };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new AwsJsonError('ValidationException', 'request too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    throw new AwsJsonError('SerializationException', 'the body is not JSON');
  }
}
