import type { SNSEvent } from 'aws-lambda';
import { createCertificateCache, createSnsVerifier, type SnsMessage } from '../adapters/notifications/sns-signature.js';
import { once, optionalEnv, requireEnv } from '../config/config.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import { handleSesNotification, type SesNotificationDeps, type SesNotificationOutcome } from '../domain/orders/ses-notification.js';
import { log, type Log } from '../observability/logger.js';
import { createContactStore } from '../store/contact-store.js';
import { defaultTable } from '../store/dynamo.js';
import { createOrderMailStore } from '../store/order-mail-store.js';
import { createSettingsStore } from '../store/settings-store.js';

export interface SesNotificationWorkerDeps {
  readonly verify: (message: SnsMessage) => Promise<boolean>;
  readonly notifications: SesNotificationDeps;
  readonly log: Log;
}

/**
 * Applies each SNS record of SES notifications: a record whose signature, certificate host or topic
 * does not check out is refused (logged, not retried: a forgery never becomes valid); a verified one
 * goes through handleSesNotification. A store failure throws, so Lambda retries the event.
 */
export async function applySesNotifications(deps: SesNotificationWorkerDeps, event: SNSEvent): Promise<(SesNotificationOutcome | { outcome: 'refused' })[]> {
  const outcomes: (SesNotificationOutcome | { outcome: 'refused' })[] = [];
  for (const record of event.Records) {
    const sns = record.Sns as unknown as SnsMessage;
    if (!(await deps.verify(sns))) {
      deps.log.warn('ses notification refused: not signed by SNS for our topic', { messageId: String(sns.MessageId ?? '') });
      outcomes.push({ outcome: 'refused' });
      continue;
    }
    const outcome = await handleSesNotification(deps.notifications, sns.Message, sns.MessageId);
    deps.log.info('ses notification applied', { messageId: sns.MessageId, outcome: outcome.outcome, ...(outcome.outcome === 'ignored' ? { reason: outcome.reason } : { results: outcome.results.map((r) => r.outcome) }) });
    outcomes.push(outcome);
  }
  return outcomes;
}

const workerDeps = once(async (): Promise<SesNotificationWorkerDeps> => {
  const t = defaultTable();
  return {
    verify: createSnsVerifier({
      topicArn: requireEnv('sesNotificationTopicArn'), certificate: createCertificateCache(),
      ...(optionalEnv('snsLocalCertUrl') ? { localCertUrl: optionalEnv('snsLocalCertUrl')! } : {}),
    }),
    notifications: {
      orderMail: createOrderMailStore(t), bounces: { contacts: createContactStore(t), rt: systemRuntime }, runtime: systemRuntime,
      rules: createSettingsStore(t),
    },
    log,
  };
});

/** The ses-notifications Lambda: SNS (SES bounce and complaint notifications of our own sends) → orders and contacts. */
export const sesNotificationWorker = async (event: SNSEvent): Promise<void> => {
  await applySesNotifications(await workerDeps(), event);
};
