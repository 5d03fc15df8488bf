import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMime } from '../../../../shared/adapters/mime/mailparser-mime.js';
import { largeMalformedCases } from '../../../fixtures/mail/generate-malformed.js';
import { addressList, basics, mail, partBomb } from '../../../fixtures/mail/malformed-builders.js';

const sample = (name: string): Buffer => readFileSync(new URL(`../../../fixtures/mail/samples/${name}.eml`, import.meta.url));

describe('parseMime', () => {
  it('normalizes a plain order request into ids, people, subject, date and a snippet without the signature', async () => {
    const { mail: parsed } = await parseMime(sample('01-order-request'));

    expect(parsed).toMatchObject({
      parseStatus: 'parsed',
      messageId: 'order-0001@mail.northwind.example',
      messageIdSynthetic: false,
      from: [{ address: 'jane.doe@northwind.example', name: 'Jane Doe' }],
      to: [{ address: 'sales@acme-supplies.example', name: 'Acme Supplies Sales' }],
      subject: 'Order: 5 Large Black Widgets',
      date: '2025-03-03T17:14:00.000Z',
      references: [],
    });
    expect(parsed.snippet).toBe('Hi, Please bill me for 5 Large Black Widgets. Ship them to our Seattle office, same address as last time.');
    expect(parsed.parseError).toBeUndefined();
  });

  it('reads In-Reply-To and References of a reply and keeps the quoted history out of the snippet', async () => {
    const { mail: parsed } = await parseMime(sample('03-reply-in-thread'));

    expect(parsed.inReplyTo).toBe('reply-0001@mail.acme-supplies.example');
    expect(parsed.references).toEqual(['order-0001@mail.northwind.example', 'reply-0001@mail.acme-supplies.example']);
    expect(parsed.snippet).toBe('Great, thank you. Please also add 2 Small Red Gadgets to the same invoice. Jane');
  });

  it('returns attachment metadata with a sha256 and the bytes separately', async () => {
    const { mail: parsed, contents } = await parseMime(sample('08-attachment'));

    expect(parsed.attachments).toEqual([expect.objectContaining({ index: 0, filename: 'PO-1042.pdf', contentType: 'application/pdf', inline: false })]);
    expect(contents).toHaveLength(1);
    expect(parsed.attachments[0]?.size).toBe(contents[0]?.content.length);
    expect(parsed.attachments[0]?.sha256).toBe(createHash('sha256').update(contents[0]?.content ?? '').digest('hex'));
    expect(JSON.stringify(parsed)).not.toContain('JVBERi');
  });

  it('reads the delivery status and the bounced Message-ID of a DSN', async () => {
    const { mail: parsed } = await parseMime(sample('06-bounce-dsn'));

    expect(parsed.headers.contentType).toMatch(/^multipart\/report; report-type=delivery-status/);
    expect(parsed.deliveryStatus).toContain('Status: 5.1.1');
    expect(parsed.originalMessageId).toBe('pay-ord-1001@mail.acme-supplies.example');
    expect(parsed.attachments.map((a) => a.contentType)).toEqual(['text/rfc822-headers']);
  });

  it('sanitizes newsletter HTML and keeps the list headers', async () => {
    const { mail: parsed } = await parseMime(sample('07-newsletter'));

    expect(parsed.headers).toMatchObject({ precedence: 'bulk', listId: 'Widget Weekly <weekly.widget-weekly.example>' });
    expect(parsed.html).toContain('<a href="https://widget-weekly.example/issues/10">Read more</a>');
    expect(parsed.html).not.toMatch(/script|onload|onclick|<style/i);
  });

  it('decodes RFC 2047 words and Latin-1 bodies into UTF-8', async () => {
    const { mail: parsed } = await parseMime(sample('11-encoded-subject'));

    expect(parsed.subject).toBe('Bestellung: 4 Große Schwarze Widgets');
    expect(parsed.from[0]?.name).toBe('Klaus Müller');
    expect(parsed.text).toContain('Rechnung für 4 Large Black Widgets');
  });

  it('falls back to the internal date when the Date header is unreadable, instead of now', async () => {
    const raw = mail(basics({ Date: 'Yesterday at teatime' }), 'x');

    const withInternal = await parseMime(raw, { internalDate: new Date('2025-01-02T03:04:05Z') });
    const without = await parseMime(raw);

    expect(withInternal.mail.date).toBe('2025-01-02T03:04:05.000Z');
    expect(without.mail.date).toBeUndefined();
  });

  it('gives a mail without Message-ID a synthetic id from the raw bytes', async () => {
    const raw = mail(basics({ 'Message-ID': null }), 'no id');

    const { mail: parsed } = await parseMime(raw);

    expect(parsed.messageId).toBe(`sha256:${createHash('sha256').update(raw).digest('hex')}`);
    expect(parsed.messageIdSynthetic).toBe(true);
  });

  it('returns a part bomb as unparsed with the reason and the scanned header fields, without throwing', async () => {
    const { mail: parsed, contents } = await parseMime(partBomb(1_001));

    expect(parsed).toMatchObject({
      parseStatus: 'unparsed',
      messageId: 'malformed@mail.northwind.example',
      subject: 'Part bomb 1001',
      from: [{ address: 'jane.doe@northwind.example', name: 'Jane Doe' }],
      text: '',
    });
    expect(parsed.parseError).toMatch(/^EMAXLEN/);
    expect(contents).toEqual([]);
  });

  it('caps 5,000 recipients at 2,000 and counts the rest (D5)', async () => {
    const { mail: parsed } = await parseMime(mail(basics({ To: addressList(4_000), Cc: addressList(1_000) }), 'hi'));

    expect(parsed.to.length + parsed.cc.length).toBe(2_000);
    expect(parsed.truncatedRecipients).toBe(3_000);
    expect(Buffer.byteLength(JSON.stringify(parsed))).toBeLessThan(150 * 1024);
  });

  it('caps a huge HTML-only mail and still gives text for the snippet (M4)', async () => {
    const html = largeMalformedCases().find((c) => c.name === 'html-2.1mb-no-text');

    const { mail: parsed } = await parseMime(html?.raw ?? Buffer.alloc(0));

    expect(Buffer.byteLength(parsed.html ?? '')).toBeLessThanOrEqual(512 * 1024);
    expect(Buffer.byteLength(parsed.text)).toBeLessThanOrEqual(256 * 1024);
    expect(parsed.snippet).toMatch(/^Widgets on sale/);
  });

  it('gives an HTML-only mail text from the project converter: table cells kept apart, quotes marked', async () => {
    const html = '<p>Order:</p><table><tr><th>Item</th><th>Qty</th></tr><tr><td>Cable Tie 200mm</td><td>40</td></tr></table>'
      + '<blockquote type="cite">old order: 5 widgets</blockquote>';
    const raw = ['From: a@x.example', 'To: b@y.example', 'Subject: order', 'Message-ID: <html-table@x.example>', 'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8', '', html, ''].join('\r\n');

    const { mail: parsed } = await parseMime(Buffer.from(raw));

    expect(parsed.text).toBe('Order:\nItem | Qty\nCable Tie 200mm | 40\n> old order: 5 widgets');
  });

  it('stores a mail over the size cap as unparsed, reason too-large', async () => {
    const { mail: parsed } = await parseMime(sample('01-order-request'), { maxParseBytes: 100 });

    expect(parsed).toMatchObject({ parseStatus: 'unparsed', parseError: 'too-large', messageId: 'order-0001@mail.northwind.example' });
  });

  it('gives two mails under one Message-ID the same messageId but different content hashes (M9)', async () => {
    const a = await parseMime(readFileSync(new URL('../../../fixtures/mail/malformed/duplicate-message-id-a.eml', import.meta.url)));
    const b = await parseMime(readFileSync(new URL('../../../fixtures/mail/malformed/duplicate-message-id-b.eml', import.meta.url)));

    expect(a.mail.messageId).toBe(b.mail.messageId);
    expect(a.mail.contentSha256).not.toBe(b.mail.contentSha256);
  });
});
