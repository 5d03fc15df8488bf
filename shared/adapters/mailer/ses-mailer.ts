import { randomBytes } from 'node:crypto';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { once } from '../../config/config.js';
import { MailerError } from '../../domain/orders/order-errors.js';
import type { Mailer } from '../../domain/orders/ports.js';
import { assertMimeSafe } from './mime-safe.js';
import { composeOrderMime } from './order-mime.js';
import { SPACE_TAG } from '../../domain/orders/ses-notification.js';

/** Built once per container; the SDK honours AWS_ENDPOINT_URL_SES (aws-ses-v2-local locally). */
export const sesClient = once(() => new SESClient({}));

/** The bare address of MAIL_FROM (`Name <address>` or an address): the envelope sender. */
const envelopeOf = (from: string): string => /<([^<>]+)>\s*$/.exec(from)?.[1]?.trim() ?? from.trim();

/**
 * Sends through SES SendRawEmail, because only a raw send keeps our Message-ID (SES replaces it on
 * SendEmail) and that id is how a customer's reply finds its order. Every header field is checked
 * before the MIME is built, and the envelope names the one recipient. The Space rides along as
 * a message tag, and the configuration set makes SES report bounces and complaints, carrying the tag back.
 */
export const createSesMailer = (from: string, client: SESClient = sesClient(), configurationSet?: string): Mailer => ({
  async send(mail) {
    assertMimeSafe(mail);
    const raw = composeOrderMime(mail, from, new Date(), randomBytes(12).toString('hex'));
    try {
      const out = await client.send(new SendRawEmailCommand({
        Source: envelopeOf(from), Destinations: [mail.to], RawMessage: { Data: raw }, Tags: [{ Name: SPACE_TAG, Value: mail.spaceId }],
        ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      }));
      return { providerId: out.MessageId ?? '' };
    } catch (err) {
      throw Object.assign(new MailerError('The mail provider refused the payment email'), { cause: err });
    }
  },
});
