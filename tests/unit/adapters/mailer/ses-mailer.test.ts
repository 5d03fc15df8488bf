import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { isHeaderSafe, isSinglePlainAddress } from '../../../../shared/adapters/mailer/mime-safe.js';
import { createSesMailer } from '../../../../shared/adapters/mailer/ses-mailer.js';

const mail = { to: 'buyer@customer.example', subject: 'Payment link', text: 'pay here', html: '<p>pay</p>' };

describe('createSesMailer', () => {
  it('sends one recipient with subject, text and HTML as separate SES fields', async () => {
    const ses = mockClient(SESClient);
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    const out = await createSesMailer('shop@mailbridge.example', new SESClient({})).send(mail);

    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(out.providerId).toBe('ses-1');
    expect(input.Destination).toEqual({ ToAddresses: ['buyer@customer.example'] });
    expect(input.Message?.Body?.Html?.Data).toBe('<p>pay</p>');
    ses.restore();
  });

  it.each([
    ['a Bcc smuggled into the address', { to: 'a@x.example\r\nBcc: e@evil.example' }],
    ['two recipients', { to: 'a@x.example, b@y.example' }],
    ['a display name', { to: 'A <a@x.example>' }],
    ['a CRLF in the subject', { subject: 'Hi\r\nBcc: e@evil.example' }],
    ['a U+2028 in the subject', { subject: 'Hi\u2028Bcc: e@evil.example' }],
  ])('refuses %s before calling SES', async (_name, override) => {
    const ses = mockClient(SESClient);

    await expect(createSesMailer('shop@mailbridge.example', new SESClient({})).send({ ...mail, ...override })).rejects.toMatchObject({ code: 'unsafe-mail' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    ses.restore();
  });

  it('tells one plain address and one-line text apart from unsafe ones', () => {
    expect(isSinglePlainAddress('buyer@customer.example')).toBe(true);
    expect(isSinglePlainAddress('buyer@customer.example\n')).toBe(false);
    expect(isHeaderSafe('Order 42: 5 widgets')).toBe(true);
    expect(isHeaderSafe('x\u0085y')).toBe(false);
  });
});
