import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { isHeaderSafe, isSinglePlainAddress } from '../../../../shared/adapters/mailer/mime-safe.js';
import { createSesMailer } from '../../../../shared/adapters/mailer/ses-mailer.js';
import { createSesRawMailer } from '../../../../shared/adapters/mailer/ses-raw-mailer.js';

const mail = {
  to: 'buyer@customer.example', subject: 'Payment link — Grüße', text: 'pay here', html: '<p>pay</p>',
  messageId: 'mb.ord_1.payment1.abc@mailbridge.example', replyTo: 'sales@acme.example', spaceId: 'sp_1',
};

describe('createSesMailer', () => {
  it('sends raw MIME to the one recipient with our Message-ID (also in References), Reply-To and both bodies', async () => {
    const ses = mockClient(SESClient);
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'ses-1' });

    const out = await createSesMailer('Acme <shop@mailbridge.example>', new SESClient({})).send(mail);

    const input = ses.commandCalls(SendRawEmailCommand)[0]!.args[0].input;
    const parsed = await simpleParser(Buffer.from(input.RawMessage!.Data!));
    expect(out.providerId).toBe('ses-1');
    expect(input.Destinations).toEqual(['buyer@customer.example']);
    expect(input.Source).toBe('shop@mailbridge.example');
    expect(input.Tags).toEqual([{ Name: 'mailbridge-space', Value: 'sp_1' }]);
    expect(parsed.messageId).toBe(`<${mail.messageId}>`);
    expect(parsed.references).toBe(`<${mail.messageId}>`);
    expect(parsed.replyTo?.text).toBe('sales@acme.example');
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.text?.trim()).toBe('pay here');
    expect(parsed.html).toBe('<p>pay</p>');
    ses.restore();
  });

  it('names the configuration set on payment emails and replies, so SES reports their bounces and complaints', async () => {
    const ses = mockClient(SESClient);
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'ses-2' });

    await createSesMailer('shop@mailbridge.example', new SESClient({}), 'mailbridge-events').send(mail);
    await createSesRawMailer(new SESClient({}), 'mailbridge-events').sendRaw(Buffer.from('Subject: hi\r\n\r\nhi'), { from: 'shop@mailbridge.example', recipients: ['a@x.example'], spaceId: 'sp_2' });

    const inputs = ses.commandCalls(SendRawEmailCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.ConfigurationSetName)).toEqual(['mailbridge-events', 'mailbridge-events']);
    expect(inputs.map((i) => i.Tags)).toEqual([[{ Name: 'mailbridge-space', Value: 'sp_1' }], [{ Name: 'mailbridge-space', Value: 'sp_2' }]]);
    ses.restore();
  });

  it.each([
    ['a Bcc smuggled into the address', { to: 'a@x.example\r\nBcc: e@evil.example' }],
    ['two recipients', { to: 'a@x.example, b@y.example' }],
    ['a display name', { to: 'A <a@x.example>' }],
    ['a CRLF in the subject', { subject: 'Hi\r\nBcc: e@evil.example' }],
    ['a U+2028 in the subject', { subject: 'Hi\u2028Bcc: e@evil.example' }],
    ['a header after the Message-ID', { messageId: 'a@x.example>\r\nBcc: e@evil.example' }],
    ['two Reply-To addresses', { replyTo: 'a@x.example, e@evil.example' }],
  ])('refuses %s before calling SES', async (_name, override) => {
    const ses = mockClient(SESClient);

    await expect(createSesMailer('shop@mailbridge.example', new SESClient({})).send({ ...mail, ...override })).rejects.toMatchObject({ code: 'unsafe-mail' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
    ses.restore();
  });

  it('tells one plain address and one-line text apart from unsafe ones', () => {
    expect(isSinglePlainAddress('buyer@customer.example')).toBe(true);
    expect(isSinglePlainAddress('buyer@customer.example\n')).toBe(false);
    expect(isHeaderSafe('Order 42: 5 widgets')).toBe(true);
    expect(isHeaderSafe('x\u0085y')).toBe(false);
  });
});
