import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeHttpServer, listenLocal, LOCAL_HOST } from '../ports.js';

/** One SendTextMessage the sink took. */
export interface SinkMessage {
  readonly messageId: string;
  readonly originationIdentity: string;
  readonly destinationPhoneNumber: string;
  readonly messageBody: string;
  readonly messageType: string;
  readonly at: string;
}

export interface SmsSink {
  /** The End User Messaging SMS endpoint (AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2); viewer at `/`, sent SMS at `/store`. */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface SmsSinkOptions {
  readonly port: number;
  /** Publishes to the two-way SMS topic of the twin's SNS, which invokes the inbound function with a signed record. */
  publish(message: string): Promise<{ messageId: string; delivered: boolean }>;
}

const MAX_BODY = 256 * 1024;
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A stand-in for AWS End User Messaging SMS: SendTextMessage (JSON protocol, `PinpointSMSVoiceV2`)
 * records the SMS instead of sending it; `GET /` shows them, `GET /store` lists them as JSON,
 * `POST /clear-store` empties the list; `POST /simulate-inbound` with `{from, to, body}` publishes
 * what a customer's SMS would publish to the two-way topic, through the twin's SNS as in AWS.
 */
export async function startSmsSink(options: SmsSinkOptions): Promise<SmsSink> {
  const sent: SinkMessage[] = [];
  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => json(res, 500, { message: err instanceof Error ? err.message : 'the sink failed' }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sink');
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method === 'POST' && target !== '') return sendTextMessage(target, await readJson(req), res);
    if (req.method === 'GET' && url.pathname === '/store') return json(res, 200, { messages: sent });
    if (req.method === 'POST' && url.pathname === '/clear-store') { sent.length = 0; return json(res, 200, {}); }
    if (req.method === 'POST' && url.pathname === '/simulate-inbound') return simulateInbound(await readJson(req), res);
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
      res.end(viewer(sent));
      return;
    }
    json(res, 404, { message: 'not found' });
  }
  function sendTextMessage(target: string, input: Record<string, unknown>, res: ServerResponse): void {
    if (target !== 'PinpointSMSVoiceV2.SendTextMessage') return awsError(res, 400, 'ValidationException', `${target} is not emulated`);
    const to = String(input.DestinationPhoneNumber ?? '');
    if (!E164.test(to)) return awsError(res, 400, 'ValidationException', 'DestinationPhoneNumber must be E.164');
    const messageId = randomUUID();
    sent.push({
      messageId, originationIdentity: String(input.OriginationIdentity ?? ''), destinationPhoneNumber: to,
      messageBody: String(input.MessageBody ?? ''), messageType: String(input.MessageType ?? 'TRANSACTIONAL'), at: new Date().toISOString(),
    });
    json(res, 200, { MessageId: messageId });
  }
  async function simulateInbound(input: Record<string, unknown>, res: ServerResponse): Promise<void> {
    const { from, to, body } = input;
    if (typeof from !== 'string' || typeof to !== 'string' || typeof body !== 'string') return json(res, 400, { message: 'send {"from", "to", "body"}' });
    const inboundMessageId = randomUUID();
    const message = JSON.stringify({
      originationNumber: from, destinationNumber: to, messageKeyword: body.trim().split(/\s+/)[0]?.toUpperCase() ?? '', messageBody: body,
      inboundMessageId, previousPublishedMessageId: '',
    });
    const published = await options.publish(message);
    json(res, 202, { inboundMessageId, snsMessageId: published.messageId, delivered: published.delivered });
  }
  const bound = await listenLocal(server, options.port);
  return { endpoint: `http://${LOCAL_HOST}:${bound}`, port: bound, stop: () => closeHttpServer(server) };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
};

const awsError = (res: ServerResponse, status: number, type: string, message: string) => {
  const text = JSON.stringify({ __type: type, message });
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type, 'content-length': Buffer.byteLength(text) }).end(text);
};

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('request too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    return {};
  }
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function viewer(sent: readonly SinkMessage[]): string {
  const rows = [...sent].reverse().map((m) => `<tr><td>${escape(m.at)}</td><td>${escape(m.originationIdentity)}</td><td>${escape(m.destinationPhoneNumber)}</td><td>${escape(m.messageBody)}</td></tr>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local SMS sink</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}td:last-child{white-space:pre-wrap}</style></head>
<body><h1>SMS sent (${sent.length})</h1><p>Nothing here reached a phone. Simulate a customer's SMS with <code>POST /simulate-inbound {"from","to","body"}</code>.</p>
<table><thead><tr><th>at</th><th>from</th><th>to</th><th>body</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}
