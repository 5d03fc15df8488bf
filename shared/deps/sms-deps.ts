import type { SNSEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { createEumSmsSender } from '../adapters/sms/eum-sms-sender.js';
import { createCertificateCache, createSnsVerifier, type SnsMessage } from '../adapters/notifications/sns-signature.js';
import { once, optionalEnv, requireEnv } from '../config/config.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import { inboundSmsSchema, receiveSms, type ReceiveSmsDeps, type ReceiveSmsOutcome } from '../domain/sms/receive-sms.js';
import type { SmsThreadWriter } from '../domain/sms/ports.js';
import type { SendSmsDeps, SentSms } from '../domain/sms/send-sms.js';
import { log, type Log } from '../observability/logger.js';
import { createActivityStore } from '../store/activity-store.js';
import { createContactStore } from '../store/contact-store.js';
import { defaultTable, type TableRef } from '../store/dynamo.js';
import { createMessageStore } from '../store/message-store.js';
import { createSendRecordStore } from '../store/send-record-store.js';
import { createSmsStore } from '../store/sms-store.js';
import { createThreadStore } from '../store/thread-store.js';
import { countingTimeline, customerEventRecorder } from './customer-stats.js';

/** Where SMS are kept: the thread, timeline and message stores of mail, contacts found by phone. */
export function smsThreadWriter(t: TableRef): SmsThreadWriter {
  const contacts = createContactStore(t);
  const sms = createSmsStore(t);
  return {
    threads: createThreadStore(t), messages: createMessageStore(t),
    activities: countingTimeline(createActivityStore(t), customerEventRecorder(t)),
    directory: {
      findContactIdsByPhone: sms.findContactIdsByPhone,
      // Best effort, as for mail: a contact deleted meanwhile must not fail the SMS.
      touchContactActivity: (s, id, at) => contacts.touchContactActivity(s, id, at).catch(() => undefined),
    },
  };
}

/** The SMS settings of a Space (settings API). */
export const smsSettings = once(() => createSmsStore(defaultTable()));

/** What POST /contacts/{id}/sms needs: contacts, the Space's number and opt-outs, the provider, the inbox stores. */
export const sendSmsDeps = once(async (): Promise<SendSmsDeps> => {
  const t = defaultTable();
  const sms = createSmsStore(t);
  return {
    contacts: createContactStore(t), numbers: sms, optOuts: sms, sender: createEumSmsSender(), writer: smsThreadWriter(t),
    sends: createSendRecordStore<SentSms>(t), now: systemRuntime.now, newId: ulid,
  };
});

export interface SmsInboundWorkerDeps {
  /** True only for a notification SNS signed for the two-way SMS topic. */
  readonly verify: (message: SnsMessage) => Promise<boolean>;
  readonly receive: ReceiveSmsDeps;
  readonly log: Log;
}

type RecordOutcome = ReceiveSmsOutcome | { readonly outcome: 'refused'; readonly reason: 'not-signed' | 'malformed' };

/**
 * Applies each SNS record of inbound SMS. The resource policy lets only the topic invoke the
 * function; the signature is checked as well, as for SES notifications, so a record that did not
 * come through SNS for the two-way topic (a misrouted invoke, a forged event) never writes a
 * customer's SMS. A refused or malformed record is logged and dropped (a retry would not fix it);
 * a store or provider failure throws, so Lambda retries the event and the deterministic ids keep
 * the retry from adding anything twice.
 */
export async function applyInboundSms(deps: SmsInboundWorkerDeps, event: SNSEvent): Promise<RecordOutcome[]> {
  const outcomes: RecordOutcome[] = [];
  for (const record of event.Records) {
    const messageId = String(record.Sns.MessageId ?? '');
    if (!(await deps.verify(record.Sns as unknown as SnsMessage))) {
      deps.log.warn('inbound sms refused: not signed by SNS for the two-way SMS topic', { messageId });
      outcomes.push({ outcome: 'refused', reason: 'not-signed' });
      continue;
    }
    const parsed = inboundSmsSchema.safeParse(safeJson(record.Sns.Message));
    if (!parsed.success) {
      deps.log.warn('inbound sms refused: not an End User Messaging SMS message', { messageId });
      outcomes.push({ outcome: 'refused', reason: 'malformed' });
      continue;
    }
    const outcome = await receiveSms(deps.receive, parsed.data);
    deps.log.info('inbound sms applied', { messageId, signatureVersion: record.Sns.SignatureVersion, ...(outcome.outcome === 'recorded'
      ? { spaceId: outcome.spaceId, threadId: outcome.threadId, contacts: outcome.contactIds.length, keyword: outcome.keyword ?? null }
      : { outcome: outcome.outcome, reason: outcome.reason }) });
    outcomes.push(outcome);
  }
  return outcomes;
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const workerDeps = once(async (): Promise<SmsInboundWorkerDeps> => {
  const t = defaultTable();
  const sms = createSmsStore(t);
  return {
    verify: createSnsVerifier({
      topicArn: requireEnv('smsInboundTopicArn'), certificate: createCertificateCache(),
      ...(optionalEnv('snsLocalCertUrl') ? { localCertUrl: optionalEnv('snsLocalCertUrl')! } : {}),
    }),
    receive: {
      numbers: sms, optOuts: sms, writer: smsThreadWriter(t), sender: createEumSmsSender(), sends: createSendRecordStore<SentSms>(t),
      runtime: systemRuntime, log,
    },
    log,
  };
});

/** The sms-inbound Lambda: SNS (AWS End User Messaging SMS two-way messages) → the inbox. */
export const smsInboundWorker = async (event: SNSEvent): Promise<void> => {
  await applyInboundSms(await workerDeps(), event);
};
