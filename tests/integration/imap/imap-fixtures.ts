import type { MailboxConfig } from '../../../shared/domain/mailbox/mailbox-config.js';

/** A small RFC 5322 message; `size` pads the body to roughly that many bytes. */
export function aRawMessage(over: { id?: string; subject?: string; from?: string; size?: number } = {}): string {
  const id = over.id ?? `${Math.random().toString(36).slice(2)}@test.example`;
  const body = 'Hello, this is a test message.\r\n';
  const padding = over.size ? 'x'.repeat(76) + '\r\n' : '';
  const lines = over.size ? Math.ceil(over.size / padding.length) : 0;
  return [
    `From: ${over.from ?? 'Customer <customer@example.com>'}`,
    'To: shop@example.com',
    `Subject: ${over.subject ?? 'Order request'}`,
    `Message-ID: <${id}>`,
    'Date: Mon, 1 Jan 2024 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body + padding.repeat(lines),
  ].join('\r\n');
}

/** Settings for a user of the test's private Dovecot, plaintext on loopback unless overridden. */
export function aMailboxConfig(port: number, over: Partial<MailboxConfig> = {}): MailboxConfig {
  return {
    host: '127.0.0.1',
    port,
    security: 'plain',
    username: 'demo',
    folders: [{ path: 'INBOX', role: 'inbox' }, { path: 'Sent', role: 'sent' }],
    ...over,
  };
}

export const DAY_MS = 86_400_000;
