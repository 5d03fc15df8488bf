import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeHttpServer, LOCAL_HOST, listenLocal } from '../ports.js';

/** One send SES accepted, as its event notifications describe it later. */
export interface RecordedSend {
  readonly messageId: string;
  readonly source: string;
  readonly destination: readonly string[];
  readonly configurationSet?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly at: string;
}

export interface SesFrontOptions {
  /** The SES emulator (aws-ses-v2-local) the front forwards to. */
  readonly target: string;
  /** The only configuration set that exists; a send naming another is refused as SES refuses it. */
  readonly configurationSet: string;
  /** Called after each send SES accepted. */
  readonly onSend: (send: RecordedSend) => void;
  /** Local-only routes under `/local/` (the simulated bounce and complaint, the SNS certificate). */
  readonly localRoute: (req: IncomingMessage, body: Buffer, res: ServerResponse) => Promise<boolean>;
}

export interface SesFront {
  readonly endpoint: string;
  stop(): Promise<void>;
}

const SEND_ACTIONS = new Set(['SendRawEmail', 'SendEmail']);

/** The members of a query-protocol list (`Destinations.member.1`, ...) in order. */
const members = (form: URLSearchParams, prefix: string): string[] => {
  const out: string[] = [];
  for (let i = 1; form.has(`${prefix}.member.${i}`) || form.has(`${prefix}.member.${i}.Name`); i++) {
    out.push(form.get(`${prefix}.member.${i}`) ?? String(i));
  }
  return out;
};

const tagsOf = (form: URLSearchParams): Record<string, string> => Object.fromEntries(
  members(form, 'Tags').map((_, i) => [form.get(`Tags.member.${i + 1}.Name`) ?? '', form.get(`Tags.member.${i + 1}.Value`) ?? '']),
);

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The twin's SES as the functions reach it: a pass-through in front of aws-ses-v2-local that does
 * what the emulator does not. It refuses a send naming a configuration set that does not exist
 * (`ConfigurationSetDoesNotExist`, as SES does), and it remembers each accepted SES v1 send with its
 * configuration set and message tags, which SES event notifications carry back. Everything else
 * (the viewer at `/`, `/store`) is forwarded unchanged.
 */
export async function startSesFront(options: SesFrontOptions): Promise<SesFront> {
  const upstream = new URL(options.target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      void handle(req, body, res).catch(() => { if (!res.headersSent) res.writeHead(502); res.end(); });
    });
  });

  async function handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    if ((req.url ?? '').startsWith('/local/') && await options.localRoute(req, body, res)) return;
    const form = req.method === 'POST' && String(req.headers['content-type'] ?? '').includes('x-www-form-urlencoded')
      ? new URLSearchParams(body.toString('utf8')) : undefined;
    const action = form?.get('Action') ?? '';
    const configurationSet = form?.get('ConfigurationSetName') ?? undefined;
    if (form && SEND_ACTIONS.has(action) && configurationSet !== undefined && configurationSet !== options.configurationSet) {
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end(`<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>ConfigurationSetDoesNotExist</Code>`
        + `<Message>Configuration set &lt;${xmlEscape(configurationSet)}&gt; does not exist.</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
      return;
    }
    const answer = await forward(req, body);
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(answer.body.toString('utf8'))?.[1];
    if (form && SEND_ACTIONS.has(action) && answer.status === 200 && messageId) {
      options.onSend({
        messageId, source: form.get('Source') ?? '', destination: members(form, 'Destinations'),
        ...(configurationSet ? { configurationSet } : {}), tags: tagsOf(form), at: new Date().toISOString(),
      });
    }
  }

  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          const { 'transfer-encoding': _chunked, 'content-length': _length, ...headers } = answer.headers;
          resolve({ status: answer.statusCode ?? 502, headers, body: Buffer.concat(parts) });
        });
        answer.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }

  const port = await listenLocal(server, 0);
  return { endpoint: `http://${LOCAL_HOST}:${port}`, stop: () => closeHttpServer(server) };
}
