import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeReply, UnsafeHeaderError, type ReplyDraft } from '../../../../shared/domain/threads/compose-reply.js';

const aDraft = (over: Partial<ReplyDraft> = {}): ReplyDraft => ({
  from: { address: 'billing@acme-supplies.example', name: 'Acme Supplies' },
  replyTo: 'sales@acme-supplies.example',
  to: ['jane.doe@northwind.example'],
  cc: [],
  subject: 'Re: Order',
  messageId: 'reply-1@acme-supplies.example',
  inReplyTo: 'parent-1@northwind.example',
  references: ['root-1@northwind.example', 'parent-1@northwind.example'],
  date: new Date('2026-11-29T12:00:00Z'),
  text: 'Thanks, Jane.',
  attachments: [],
  boundary: 'b0undary1',
  ...over,
});

describe('composeReply', () => {
  it('writes the threading headers, Reply-To and the text a mail client reads back', async () => {
    const raw = composeReply(aDraft());

    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe('<reply-1@acme-supplies.example>');
    expect(parsed.inReplyTo).toBe('<parent-1@northwind.example>');
    expect(parsed.references).toEqual(['<root-1@northwind.example>', '<parent-1@northwind.example>']);
    expect(parsed.replyTo?.value).toEqual([{ address: 'sales@acme-supplies.example', name: '' }]);
    expect(parsed.from?.value).toEqual([{ address: 'billing@acme-supplies.example', name: 'Acme Supplies' }]);
    expect(parsed.subject).toBe('Re: Order');
    expect(parsed.text?.trim()).toBe('Thanks, Jane.');
  });

  it('keeps non-ASCII subjects, bodies and file names intact through encoded words', async () => {
    const raw = composeReply(aDraft({
      subject: 'Re: Bestellung für Müller – 5 Stück 📦 and a long tail that needs several encoded words to fit',
      text: 'Grüße\n--boundary-looking line\r\nSubject: not a header',
      attachments: [{ filename: 'Angebot Nr. 5 (ü).pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 test') }],
    }));

    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Re: Bestellung für Müller – 5 Stück 📦 and a long tail that needs several encoded words to fit');
    expect(parsed.text).toContain('Subject: not a header');
    expect(parsed.headers.get('subject')).not.toContain('not a header');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([['Angebot Nr. 5 (ü).pdf', 'application/pdf', '%PDF-1.4 test']]);
    expect(raw.toString('latin1').split('\r\n').every((line) => line.length <= 998)).toBe(true);
  });

  it.each([
    ['to/0', { to: ['jane@northwind.example\r\nBcc: spy@evil.example'] }],
    ['to/0', { to: ['Jane <jane@northwind.example>'] }],
    ['to/0', { to: ['jane@northwind.example, spy@evil.example'] }],
    ['cc/0', { cc: ['spy@evil.example\nX-Evil: 1'] }],
    ['subject', { subject: 'Re: Order\r\nBcc: spy@evil.example' }],
    ['subject', { subject: 'Re: Order\u2028Bcc: spy@evil.example' }],
    ['from', { from: { address: 'billing@acme-supplies.example', name: 'Acme\r\nBcc: spy@evil.example' } }],
    ['replyTo', { replyTo: 'sales@acme-supplies.example\r\nBcc: spy@evil.example' }],
    ['inReplyTo', { inReplyTo: 'parent@x.example>\r\nBcc: <spy@evil.example' }],
    ['references/0', { references: ['a@x.example> <b@y.example'] }],
    ['attachments/0/filename', { attachments: [{ filename: 'a.pdf"\r\nContent-Type: text/html', contentType: 'application/pdf', content: Buffer.from('x') }] }],
    ['attachments/0/contentType', { attachments: [{ filename: 'a.pdf', contentType: 'text/html\r\nBcc: spy@evil.example', content: Buffer.from('x') }] }],
  ] as [string, Partial<ReplyDraft>][])('refuses a header injection in %s', (field, over) => {
    const attempt = () => composeReply(aDraft(over));

    expect(attempt).toThrow(UnsafeHeaderError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'unsafe-header', field }));
  });
});
