import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { FunctionName } from '../../../shared/config/names.js';
import type { FunctionRuntime } from '../function-runtime.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../function-host/local-arns.js';

/** The topic the twin's SES publishes bounces and complaints to (SES_NOTIFICATION_TOPIC_ARN locally). */
export const LOCAL_SES_TOPIC_ARN = `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:mailbridge-ses-notifications`;

/** Where the twin serves its SNS signing certificate (a public key), under the SES front's `/local/`. */
export const LOCAL_SNS_CERT_PATH = '/local/sns/SimpleNotificationService-local.pem';

export interface LocalSnsOptions {
  readonly runtime: FunctionRuntime;
  readonly certUrl: string;
  /** Seconds before each retry of a failed delivery; Lambda's async invocation retries twice (after about 1 and 2 minutes in AWS). */
  readonly retryDelaysMs?: readonly number[];
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface LocalSnsTopic {
  readonly topicArn: string;
  /** The PEM the signatures verify against, served at the certificate URL. */
  readonly publicKeyPem: string;
  /** Publishes one message to the topic: the subscriber is invoked with a signed SNS event, retried like an async invocation. */
  publish(message: string, subject?: string): Promise<{ messageId: string; delivered: boolean }>;
}

export interface LocalSns {
  readonly publicKeyPem: string;
  /** A topic with one Lambda subscription; every topic signs with the same key, as SNS does per region. */
  topic(topicArn: string, subscriber: FunctionName): LocalSnsTopic;
}

/**
 * The SNS of the twin (the SES notification topic and the two-way SMS topic): it signs each notification as SNS does (SignatureVersion 2, RSA-SHA256
 * over the documented canonical string) with a key of its own, and invokes the subscribed function
 * with the event Lambda receives from SNS. The function's signature check runs unchanged; only the
 * certificate comes from the twin (SNS_LOCAL_CERT_URL) instead of an SNS host.
 */
export function createLocalSns(options: LocalSnsOptions): LocalSns {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const delays = options.retryDelaysMs ?? [1_000, 2_000];
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const eventOf = (topicArn: string, message: string, subject: string | undefined) => {
    const m = {
      Type: 'Notification', MessageId: randomUUID(), TopicArn: topicArn, Subject: subject ?? null, Message: message,
      Timestamp: new Date().toISOString(), SignatureVersion: '2', SigningCertUrl: options.certUrl,
    };
    const canonical = ['Message', m.Message, 'MessageId', m.MessageId, ...(m.Subject ? ['Subject', m.Subject] : []),
      'Timestamp', m.Timestamp, 'TopicArn', m.TopicArn, 'Type', m.Type, ''].join('\n');
    const Signature = createSign('RSA-SHA256').update(canonical, 'utf8').sign(keys.privateKey, 'base64');
    const record = {
      EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
      Sns: { ...m, Signature, UnsubscribeUrl: `${options.certUrl}?unsubscribe`, MessageAttributes: {} },
    };
    return { messageId: m.MessageId, event: { Records: [record] } };
  };

  return {
    publicKeyPem,
    topic: (topicArn, subscriber) => ({
      topicArn, publicKeyPem,
      async publish(message, subject) {
        const { messageId, event } = eventOf(topicArn, message, subject);
        for (let attempt = 0; ; attempt++) {
          try {
            await options.runtime.invoke(subscriber, event);
            return { messageId, delivered: true };
          } catch (err) {
            options.log?.('sns delivery failed', { fn: subscriber, topicArn, messageId, attempt, error: String(err) });
            if (attempt >= delays.length) return { messageId, delivered: false };
            await wait(delays[attempt]!);
          }
        }
      },
    }),
  };
}
