import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { freePort } from './dovecot.js';

/** One mail the server took: the envelope as the client gave it, the login it used and the raw MIME. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly user: string | undefined;
  readonly raw: Buffer;
}

export interface SmtpSink {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Every AUTH attempt: user and whether it was accepted (never the password). */
  readonly logins: { user: string; method: string; accepted: boolean }[];
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** user → password; AUTH PLAIN and LOGIN are checked against it. */
  readonly users: Readonly<Record<string, string>>;
  /** user → OAuth2 access token; AUTH XOAUTH2 is checked against it. */
  readonly tokens?: Readonly<Record<string, string>>;
  /** AUTH XOAUTH2 checked by this instead (an authorization server's introspection); takes precedence over `tokens`. */
  readonly checkToken?: (user: string, accessToken: string) => Promise<boolean>;
  /** With a certificate the server offers STARTTLS (or speaks TLS at once with `implicitTls`); without one, plain SMTP only. */
  readonly tls?: { readonly key: string; readonly cert: string; readonly implicitTls?: boolean };
  /** Recipients refused with 550 5.1.1 at RCPT TO. */
  readonly refuse?: (address: string) => boolean;
}

/** A real SMTP server (smtp-server) on a free 127.0.0.1 port that keeps what it receives. */
export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const logins: SmtpSink['logins'] = [];
  const serverOptions: SMTPServerOptions = {
    logger: false, authMethods: ['PLAIN', 'LOGIN', ...(options.tokens || options.checkToken ? ['XOAUTH2'] : [])], allowInsecureAuth: !options.tls, size: 10 * 1024 * 1024,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert, secure: options.tls.implicitTls ?? false } : { disabledCommands: ['STARTTLS'] }),
    onAuth(auth, _session, callback) {
      if (auth.method === 'XOAUTH2') {
        const { checkToken } = options;
        const checked = checkToken && auth.username !== undefined && auth.accessToken !== undefined
          ? checkToken(auth.username, auth.accessToken)
          : Promise.resolve(auth.username !== undefined && options.tokens?.[auth.username] !== undefined && options.tokens[auth.username] === auth.accessToken);
        void checked.catch(() => false).then((ok) => {
          logins.push({ user: auth.username ?? '', method: auth.method, accepted: ok });
          return ok ? callback(null, { user: auth.username }) : callback(null, { data: { status: '401', schemes: 'bearer' } });
        });
        return;
      }
      const accepted = auth.username !== undefined && options.users[auth.username] !== undefined && options.users[auth.username] === auth.password;
      logins.push({ user: auth.username ?? '', method: auth.method, accepted });
      if (!accepted) return callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined, raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', () => undefined);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { host: '127.0.0.1', port, received, logins, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
