import { createServer, type Server, type Socket } from 'node:net';

/** A fake IMAP server that records every line a client sends and refuses every login. */
export interface CapturingImap {
  readonly port: number;
  /** Everything clients sent, one entry per line, in order. */
  readonly lines: string[];
  readonly connections: () => number;
  stop(): Promise<void>;
}

/** Starts it on 127.0.0.1 (a free port); enough IMAP for a client to try LOGIN or AUTHENTICATE PLAIN. */
export async function startCapturingImap(): Promise<CapturingImap> {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] capture ready\r\n');
    let buffered = '';
    let pendingAuthTag: string | undefined;
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let at: number;
      while ((at = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, at);
        buffered = buffered.slice(at + 2);
        lines.push(line);
        if (pendingAuthTag !== undefined) {
          socket.write(`${pendingAuthTag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`);
          pendingAuthTag = undefined;
          continue;
        }
        const [tag = '*', command = ''] = line.split(' ');
        const verb = command.toUpperCase();
        if (verb === 'CAPABILITY') socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
        else if (verb === 'LOGIN') socket.write(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`);
        else if (verb === 'AUTHENTICATE' && line.split(' ').length <= 3) { pendingAuthTag = tag; socket.write('+ \r\n'); }
        else if (verb === 'AUTHENTICATE') socket.write(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`);
        else if (verb === 'LOGOUT') socket.end(`* BYE\r\n${tag} OK bye\r\n`);
        else socket.write(`${tag} OK done\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    lines,
    connections: () => connections,
    stop: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Every way a password can appear in what a client sent: as is, and inside AUTHENTICATE PLAIN. */
export const passwordSpellings = (username: string, password: string): string[] => [
  password, Buffer.from(`\0${username}\0${password}`).toString('base64'), Buffer.from(`${username}\0${username}\0${password}`).toString('base64'),
];
