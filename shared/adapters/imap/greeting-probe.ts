import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface ProbeTarget {
  /** The pinned, SSRF-checked address. */
  readonly address: string;
  readonly port: number;
  readonly servername?: string;
}

const GREETING = /^\* (OK|PREAUTH|BYE)[ \r\n]/i;
const MAX_GREETING_BYTES = 1024;

/**
 * Whether an IMAP server greets on this port, over TLS without checking its certificate or over
 * plain TCP. It sends nothing (no credentials, no command) and reads at most the first line, so a
 * failed TLS test can name the TLS problem only when an IMAP server is really there.
 */
export function greetsAsImap(target: ProbeTarget, over: 'tls-unverified' | 'plain', timeoutMs: number): Promise<boolean> {
  if (timeoutMs <= 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket: Socket = over === 'plain'
      ? tcpConnect({ host: target.address, port: target.port })
      : tlsConnect({ host: target.address, port: target.port, rejectUnauthorized: false, ...(target.servername ? { servername: target.servername } : {}) });
    let received = '';
    const finish = (greeted: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(greeted);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('\n') || received.length >= MAX_GREETING_BYTES) finish(GREETING.test(received));
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(GREETING.test(received)));
  });
}
