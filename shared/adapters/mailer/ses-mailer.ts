import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { once } from '../../config/config.js';
import { MailerError } from '../../domain/orders/order-errors.js';
import type { Mailer } from '../../domain/orders/ports.js';
import { assertMimeSafe } from './mime-safe.js';

/** Built once per container; the SDK honours AWS_ENDPOINT_URL_SES (aws-ses-v2-local locally). */
export const sesClient = once(() => new SESClient({}));

/**
 * Sends through SES SendEmail: the recipient, subject and bodies are separate API fields, so SES
 * builds the MIME and no user field can add a header; each field is checked once more here (A9).
 */
export const createSesMailer = (from: string, client: SESClient = sesClient()): Mailer => ({
  async send(mail) {
    assertMimeSafe(mail);
    try {
      const out = await client.send(new SendEmailCommand({
        Source: from,
        Destination: { ToAddresses: [mail.to] },
        Message: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
        },
      }));
      return { providerId: out.MessageId ?? '' };
    } catch (err) {
      throw Object.assign(new MailerError('The mail provider refused the payment email'), { cause: err });
    }
  },
});
