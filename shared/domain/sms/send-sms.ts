import type { Contact } from '../contacts/contact.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { sendOnce, type SendRecordStore } from '../threads/send-once.js';
import { phoneNumbersOf, toE164 } from './phone-number.js';
import type { SmsNumbers, SmsOptOuts, SmsSender, SmsThreadWriter } from './ports.js';
import { recordSms, smsMessageIdFor, smsThreadIdFor } from './record-sms.js';
import { SmsNotConfiguredError, SmsOptedOutError } from './sms-errors.js';

/** Longest SMS body accepted: ten segments of 160 GSM characters (providers split and rejoin them). */
export const SMS_BODY_MAX_CHARS = 1600;

export interface SentSms {
  readonly id: string;
  readonly threadId: string;
  readonly to: string;
  readonly from: string;
  readonly providerId: string;
}

export interface SendSmsDeps {
  readonly contacts: { getContact(spaceId: string, id: string): Promise<Contact | undefined> };
  readonly numbers: Pick<SmsNumbers, 'getSmsSettings'>;
  readonly optOuts: Pick<SmsOptOuts, 'getOptOut'>;
  readonly sender: SmsSender;
  readonly writer: SmsThreadWriter;
  readonly sends: SendRecordStore<SentSms>;
  readonly now: () => Date;
  readonly newId: () => string;
}

export interface SendSmsInput {
  readonly spaceId: string;
  readonly userId: string;
  readonly contactId: string;
  /** One of the contact's numbers (any spelling of it); default: the contact's first valid number. */
  readonly to?: string;
  readonly body: string;
  readonly idempotencyKey?: string;
}

/**
 * Texts a contact from the Space's SMS number and keeps the message on the contact's SMS thread.
 * A number that opted out is refused before anything is sent; with an Idempotency-Key a retry
 * answers the first send instead of sending again.
 * @throws NotFoundError, ValidationError (no usable number, `to` not the contact's),
 *   SmsNotConfiguredError, SmsOptedOutError, SmsSendFailedError, SendKeyReusedError, SendInProgressError
 */
export async function sendSms(deps: SendSmsDeps, input: SendSmsInput): Promise<SentSms> {
  const contact = await deps.contacts.getContact(input.spaceId, input.contactId);
  if (!contact || contact.mergedInto) throw new NotFoundError('contact', input.contactId);
  const numbers = phoneNumbersOf(contact.phones);
  const to = input.to === undefined ? numbers[0] : toE164(input.to);
  if (input.to !== undefined && (to === undefined || !numbers.includes(to))) {
    throw new ValidationError([{ pointer: '#/to', detail: 'must be one of the contact\'s phone numbers, in international form (+ and country code)' }]);
  }
  if (to === undefined) throw new ValidationError([{ pointer: '#/id', detail: 'the contact has no phone number in international form (+ and country code)' }]);
  const from = (await deps.numbers.getSmsSettings(input.spaceId))?.originationNumber;
  if (from === undefined) throw new SmsNotConfiguredError();
  return sendOnce(deps, {
    spaceId: input.spaceId, owner: input.userId, request: { sms: input.contactId, to, body: input.body },
    ...(input.idempotencyKey !== undefined ? { key: input.idempotencyKey } : {}),
  }, {
    async send() {
      const optOut = await deps.optOuts.getOptOut(input.spaceId, to);
      if (optOut?.state === 'opted-out') throw new SmsOptedOutError(to, optOut.at);
      const { providerId } = await deps.sender.send({ from, to, body: input.body });
      return { id: smsMessageIdFor(input.spaceId, providerId), threadId: smsThreadIdFor(input.spaceId, to), to, from, providerId };
    },
    // Kept after the send: a failure here is retried by the next request with the key, without sending again.
    async afterSent(sent) {
      const now = deps.now().toISOString();
      await recordSms(deps.writer, {
        spaceId: input.spaceId, providerId: sent.providerId, direction: 'outbound', customerNumber: sent.to, spaceNumber: sent.from,
        body: input.body, date: now, now, contactIds: [contact.id], provenance: { kind: 'manual', byUserId: input.userId },
      });
    },
  });
}
