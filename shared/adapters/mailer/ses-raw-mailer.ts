import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { MailerError } from '../../domain/orders/order-errors.js';
import { SPACE_TAG } from '../../domain/orders/ses-notification.js';
import type { RawMailer } from '../../domain/threads/reply-to-thread.js';
import { sesClient } from './ses-mailer.js';

/**
 * Sends MIME the domain composed (compose-reply.ts checks every header field) through SES
 * SendRawEmail, so the threading headers reach the customer as written. With the configuration set,
 * SES reports bounces and complaints; the Space tag tells the notification whose contact to mark.
 */
export const createSesRawMailer = (client: SESClient = sesClient(), configurationSet?: string): RawMailer => ({
  async sendRaw(raw, envelope) {
    try {
      const out = await client.send(new SendRawEmailCommand({
        Source: envelope.from, Destinations: [...envelope.recipients], RawMessage: { Data: raw },
        Tags: [{ Name: SPACE_TAG, Value: envelope.spaceId }],
        ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      }));
      return { providerId: out.MessageId ?? '' };
    } catch (err) {
      throw Object.assign(new MailerError('The mail provider refused the reply'), { cause: err });
    }
  },
});
