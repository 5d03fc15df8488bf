import type { AuditEntry } from '../audit/audit-entry.js';
import type { LinkProvenance } from '../threads/link-provenance.js';
import type { ActivityEntry, MessageRecord, ThreadContribution } from '../threads/ports.js';

/** One text message to hand to the SMS provider. */
export interface OutboundSms {
  /** The Space's origination identity: its phone number (E.164) or the provider's ARN or id of it. */
  readonly from: string;
  /** E.164. */
  readonly to: string;
  readonly body: string;
}

/** The SMS provider (AWS End User Messaging SMS; a sink locally; memory in unit tests). */
export interface SmsSender {
  /** @throws SmsOptedOutError when the provider's own opt-out list holds the number, SmsSendFailedError otherwise */
  send(sms: OutboundSms): Promise<{ readonly providerId: string }>;
}

/** What a number's last keyword left it at, and which message did it. */
export interface OptOutRecord {
  readonly phoneNumber: string;
  readonly state: 'opted-out' | 'opted-in';
  readonly at: string;
  /** The keyword as the customer sent it (`STOP`, `Unsubscribe`). */
  readonly keyword: string;
  /** The CRM id of the inbound message that carried it. */
  readonly messageId: string;
}

export interface SmsOptOuts {
  getOptOut(spaceId: string, phoneNumber: string): Promise<OptOutRecord | undefined>;
  /** Stores the number's new state and its audit row together. */
  recordKeyword(spaceId: string, record: OptOutRecord, audit: AuditEntry): Promise<void>;
}

/** A Space's SMS settings (PUT /settings/sms). */
export interface SmsSettings {
  /** The number (E.164) the Space texts from and customers text to: an origination identity in AWS End User Messaging SMS. */
  readonly originationNumber: string;
  /** The answer to HELP; DEFAULT_HELP_TEXT when the admin saved none. */
  readonly helpText: string;
  readonly version: number;
}

/** The Space's SMS settings and the reverse lookup inbound SMS needs. */
export interface SmsNumbers {
  getSmsSettings(spaceId: string): Promise<SmsSettings | undefined>;
  /** Every Space that holds this number (more than one is a misconfiguration: inbound SMS is then refused). */
  spacesOfNumber(phoneNumber: string): Promise<string[]>;
}

/** Contacts by phone number (E.164). */
export interface PhoneDirectory {
  findContactIdsByPhone(spaceId: string, phoneNumber: string): Promise<string[]>;
  touchContactActivity(spaceId: string, contactId: string, at: string): Promise<void>;
}

/** Where an SMS is kept: the same thread, timeline and message items as mail. */
export interface SmsThreadWriter {
  readonly threads: { addToThread(spaceId: string, threadId: string, c: ThreadContribution): Promise<void> };
  readonly activities: {
    putActivities(spaceId: string, owners: readonly { kind: 'contact' | 'company'; id: string; provenance?: LinkProvenance }[], entry: ActivityEntry): Promise<void>;
  };
  readonly messages: {
    findMessage(spaceId: string, id: string): Promise<MessageRecord | undefined>;
    /** @throws MessageExistsError */
    createMessage(record: MessageRecord): Promise<void>;
  };
  readonly directory: PhoneDirectory;
}
