import { ConflictError, DomainError } from '../errors.js';

/** The number opted out (STOP): nothing is sent to it until it opts in again (START). */
export class SmsOptedOutError extends ConflictError {
  override readonly code = 'sms-opted-out';
  constructor(phoneNumber: string, since: string) {
    super(`${phoneNumber} opted out of SMS; it must text START before it gets messages again`, { phoneNumber, since });
  }
}

/** The Space has no SMS number yet (PUT /settings/sms): there is nothing to send from. */
export class SmsNotConfiguredError extends ConflictError {
  override readonly code = 'sms-not-configured';
  constructor() {
    super('This Space has no SMS number; an admin sets one with PUT /settings/sms');
  }
}

/** Another Space sends from this number already: inbound SMS could not tell the Spaces apart. */
export class SmsNumberTakenError extends ConflictError {
  override readonly code = 'sms-number-taken';
  constructor(phoneNumber: string) {
    super(`${phoneNumber} is the SMS number of another Space`, { phoneNumber });
  }
}

/** The SMS provider refused or failed the send; nothing was sent, a retry may succeed. */
export class SmsSendFailedError extends DomainError {
  readonly code = 'sms-send-failed';
  constructor(reason: string) {
    super('The SMS provider did not take the message', { reason });
  }
}
