import { createServer, type Http2ServerRequest, type Http2ServerResponse, type ServerHttp2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';

/** One Converse call as the fake received it. */
export interface ConverseCall {
  readonly modelId: string;
  readonly headers: Http2ServerRequest['headers'];
  readonly body: {
    system?: { text: string }[];
    messages: { role: string; content: { text?: string }[] }[];
    inferenceConfig?: { maxTokens?: number; temperature?: number };
    toolConfig?: { tools: { toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } } }[]; toolChoice?: { tool?: { name: string } } };
  };
}

/** What the fake answers: a tool input (as the model would call the tool), or a Bedrock error. */
export type ConverseReply =
  | { readonly toolInput: unknown; readonly inputTokens?: number; readonly outputTokens?: number; readonly text?: string }
  | { readonly error: string; readonly status: number };

export interface FakeBedrock {
  readonly url: string;
  readonly calls: ConverseCall[];
  /** Decides each answer from the request (default: an empty object as tool input). */
  answer(decide: (call: ConverseCall) => ConverseReply): void;
  stop(): Promise<void>;
}

const send = (res: Http2ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * A local stand-in for bedrock-runtime's Converse API (POST /model/{modelId}/converse, JSON), as the
 * SDK reaches it through AWS_ENDPOINT_URL_BEDROCK_RUNTIME. It speaks HTTP/2 (cleartext), because the
 * Bedrock runtime client's default handler does. It records each request and answers
 * with a tool call and token usage, or with an error in Bedrock's shape (x-amzn-errortype).
 */
export async function startFakeBedrock(): Promise<FakeBedrock> {
  const calls: ConverseCall[] = [];
  let decide: (call: ConverseCall) => ConverseReply = () => ({ toolInput: {} });
  const server = createServer((req: Http2ServerRequest, res: Http2ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/model\/([^/]+)\/converse$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) return send(res, 404, { message: 'Not Found' }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
      const call: ConverseCall = { modelId: decodeURIComponent(match[1] ?? ''), headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ConverseCall['body'] };
      calls.push(call);
      const reply = decide(call);
      if ('error' in reply) return send(res, reply.status, { message: `${reply.error} (fake)` }, { 'x-amzn-errortype': `${reply.error}:http://internal.amazon.com/coral/com.amazon.bedrock/` });
      const name = call.body.toolConfig?.tools[0]?.toolSpec.name ?? 'none';
      const inputTokens = reply.inputTokens ?? Math.ceil(JSON.stringify(call.body).length / 4);
      const outputTokens = reply.outputTokens ?? 80;
      send(res, 200, {
        output: { message: { role: 'assistant', content: [...(reply.text ? [{ text: reply.text }] : []), { toolUse: { toolUseId: `tooluse_${calls.length}`, name, input: reply.toolInput } }] } },
        stopReason: 'tool_use', usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens }, metrics: { latencyMs: 5 },
      });
    });
  });
  // The SDK keeps its HTTP/2 sessions open; close must end them or it waits forever.
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (session) => { sessions.add(session); session.on('close', () => sessions.delete(session)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    answer: (fn) => { decide = fn; },
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const session of sessions) session.destroy();
    }),
  };
}
