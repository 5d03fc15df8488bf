import * as z from 'zod';
import { auditOf, type Runtime } from '../audit/audit-entry.js';
import type { Log } from '../../observability/logger.js';
import { sendOnce, type SendRecordStore } from '../threads/send-once.js';
import { toE164 } from './phone-number.js';
import type { SmsNumbers, SmsOptOuts, SmsSender, SmsThreadWriter } from './ports.js';
import { recordSms, smsMessageIdFor, smsThreadIdFor } from './record-sms.js';
import type { SentSms } from './send-sms.js';
import { keywordOf, type SmsKeyword } from './sms-keywords.js';

/** What AWS End User Messaging SMS publishes to the two-way SNS topic for each inbound SMS. */
export const inboundSmsSchema = z.object({
  originationNumber: z.string().max(40),
  destinationNumber: z.string().max(40),
  messageBody: z.string().max(10_000),
  inboundMessageId: z.string().min(1).max(200),
  messageKeyword: z.string().optional(),
});
export type InboundSms = z.output<typeof inboundSmsSchema>;

/** The audit trail of a customer number: `GET /audit?entity=sms-number:<E.164>`. */
export const SMS_NUMBER_ENTITY = 'sms-number';

export interface ReceiveSmsDeps {
  readonly numbers: SmsNumbers;
  readonly optOuts: SmsOptOuts;
  readonly writer: SmsThreadWriter;
  readonly sender: SmsSender;
  /** Keyed by the inbound message, so a redelivered HELP is answered once. */
  readonly sends: SendRecordStore<SentSms>;
  readonly runtime: Runtime;
  readonly log: Log;
}

export type ReceiveSmsOutcome =
  | { readonly outcome: 'recorded'; readonly spaceId: string; readonly id: string; readonly threadId: string; readonly contactIds: readonly string[]; readonly keyword?: SmsKeyword }
  | { readonly outcome: 'ignored'; readonly reason: 'invalid-number' | 'unknown-number' | 'ambiguous-number' };

/**
 * One inbound SMS: found the Space by the number it was sent to, kept on the thread of the sender's
 * number and the timelines of the contacts holding it (none: an unlinked SMS thread), then its
 * keyword applied. STOP and the other opt-out words stop every later send to the number, START and
 * UNSTOP allow them again, each recorded with its time and message and audited; HELP is answered
 * with the Space's help text (unless the number opted out). A redelivery changes nothing.
 */
export async function receiveSms(deps: ReceiveSmsDeps, sms: InboundSms): Promise<ReceiveSmsOutcome> {
  const from = toE164(sms.originationNumber);
  const to = toE164(sms.destinationNumber);
  if (from === undefined || to === undefined) return { outcome: 'ignored', reason: 'invalid-number' };
  const spaces = await deps.numbers.spacesOfNumber(to);
  if (spaces.length === 0) return { outcome: 'ignored', reason: 'unknown-number' };
  // Two Spaces on one number cannot be told apart; keeping the SMS in either could leak it to the other.
  if (spaces.length > 1) return { outcome: 'ignored', reason: 'ambiguous-number' };
  const spaceId = spaces[0]!;
  const contactIds = await deps.writer.directory.findContactIdsByPhone(spaceId, from);
  const now = deps.runtime.now().toISOString();
  const recorded = await recordSms(deps.writer, {
    spaceId, providerId: sms.inboundMessageId, direction: 'inbound', customerNumber: from, spaceNumber: to, body: sms.messageBody,
    date: now, now, contactIds, provenance: { kind: 'exact_phone' },
  });
  const keyword = keywordOf(sms.messageBody);
  if (keyword === 'opt-out' || keyword === 'opt-in') {
    const state = keyword === 'opt-out' ? 'opted-out' as const : 'opted-in' as const;
    const actor = { spaceId, userId: 'customer', requestId: sms.inboundMessageId };
    // The audit row's id comes from the message, so a redelivery writes no second row.
    const audit = { ...auditOf(deps.runtime, actor, SMS_NUMBER_ENTITY, from, state, { details: { keyword: sms.messageBody.trim(), messageId: recorded.id, threadId: recorded.threadId } }), id: recorded.id };
    await deps.optOuts.recordKeyword(spaceId, { phoneNumber: from, state, at: audit.at, keyword: sms.messageBody.trim(), messageId: recorded.id }, audit);
  }
  if (keyword === 'help') await answerHelp(deps, spaceId, from, to, recorded.id);
  return { outcome: 'recorded', spaceId, id: recorded.id, threadId: recorded.threadId, contactIds, ...(keyword ? { keyword } : {}) };
}

async function answerHelp(deps: ReceiveSmsDeps, spaceId: string, customer: string, spaceNumber: string, inboundId: string): Promise<void> {
  const optOut = await deps.optOuts.getOptOut(spaceId, customer);
  if (optOut?.state === 'opted-out') {
    deps.log.info('sms help not answered: the number opted out', { spaceId, messageId: inboundId });
    return;
  }
  const settings = await deps.numbers.getSmsSettings(spaceId);
  if (!settings) return;
  await sendOnce({ sends: deps.sends, now: () => deps.runtime.now(), newId: () => deps.runtime.newId() },
    { spaceId, owner: 'sms-help', key: inboundId, request: { help: inboundId } }, {
      async send() {
        const { providerId } = await deps.sender.send({ from: settings.originationNumber, to: customer, body: settings.helpText });
        return { id: smsMessageIdFor(spaceId, providerId), threadId: smsThreadIdFor(spaceId, customer), to: customer, from: spaceNumber, providerId };
      },
      async afterSent(sent) {
        const now = deps.runtime.now().toISOString();
        const contactIds = await deps.writer.directory.findContactIdsByPhone(spaceId, customer);
        await recordSms(deps.writer, {
          spaceId, providerId: sent.providerId, direction: 'outbound', customerNumber: customer, spaceNumber: settings.originationNumber,
          body: settings.helpText, date: now, now, contactIds, provenance: { kind: 'exact_phone' },
        });
      },
    });
}
