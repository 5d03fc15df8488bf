import { createSign, generateKeyPairSync } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createSnsVerifier, type SnsMessage } from '../../../shared/adapters/notifications/sns-signature.js';
import type { ReceiveSmsDeps } from '../../../shared/domain/sms/receive-sms.js';
import { applyInboundSms } from '../../../shared/deps/sms-deps.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:mailbridge-sms-inbound';
const CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem';
const sns = generateKeyPairSync('rsa', { modulusLength: 2048 });
const mallory = generateKeyPairSync('rsa', { modulusLength: 2048 });
const snsPublicPem = sns.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** What End User Messaging SMS publishes to the two-way topic for a customer's SMS. */
const sms = JSON.stringify({
  originationNumber: '+447700900123', destinationNumber: '+12065550100', messageKeyword: 'HELLO', messageBody: 'Hello there',
  inboundMessageId: 'b7d0a4c3-1f2e-4d5c-9b8a-7f6e5d4c3b2a', previousPublishedMessageId: '',
});

/** An SNS record as Lambda delivers it, signed (SignatureVersion 1, as SNS signs by default) with `key`. */
function aRecord(key = sns.privateKey, over: Partial<SnsMessage> = {}): SNSEvent['Records'][number] {
  const m = { Type: 'Notification', MessageId: crypto.randomUUID(), TopicArn: TOPIC, Subject: null, Message: sms, Timestamp: '2026-11-29T15:00:02.000Z', SignatureVersion: '1', SigningCertUrl: CERT_URL, ...over };
  const canonical = ['Message', m.Message, 'MessageId', m.MessageId, 'Timestamp', m.Timestamp, 'TopicArn', m.TopicArn, 'Type', m.Type, ''].join('\n');
  const Signature = over.Signature ?? createSign('RSA-SHA1').update(canonical).sign(key, 'base64');
  return { EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${TOPIC}:sub`, Sns: { ...m, Signature, MessageAttributes: {}, UnsubscribeUrl: '' } } as unknown as SNSEvent['Records'][number];
}

function aWorker() {
  const logged: string[] = [];
  // No Space owns the number, so a record that passes the checks ends as 'unknown-number' without writing anything.
  const receive = { numbers: { spacesOfNumber: async () => [] } } as unknown as ReceiveSmsDeps;
  const deps = {
    verify: createSnsVerifier({ topicArn: TOPIC, certificate: async (url: string) => { if (url !== CERT_URL) throw new Error('unknown'); return snsPublicPem; } }),
    receive, log: { info: (m: string) => { logged.push(m); }, warn: (m: string) => { logged.push(m); }, error: () => {} },
  };
  return { run: (...records: SNSEvent['Records']) => applyInboundSms(deps, { Records: records }), logged };
}

describe('inbound SMS through the two-way SNS topic', () => {
  it('applies a record SNS signed for the two-way topic', async () => {
    const w = aWorker();

    expect(await w.run(aRecord())).toEqual([{ outcome: 'ignored', reason: 'unknown-number' }]);
  });

  it('refuses a record that did not come through SNS: unsigned, signed by another key, another topic, a foreign certificate', async () => {
    const w = aWorker();

    const outcomes = await w.run(
      aRecord(sns.privateKey, { Signature: '', SignatureVersion: '1' }),
      aRecord(mallory.privateKey),
      aRecord(sns.privateKey, { TopicArn: 'arn:aws:sns:eu-west-1:123456789012:someone-else' }),
      aRecord(sns.privateKey, { SigningCertUrl: 'https://evil.example/SimpleNotificationService.pem' }),
    );

    expect(outcomes).toEqual(Array.from({ length: 4 }, () => ({ outcome: 'refused', reason: 'not-signed' })));
    expect(w.logged).toEqual(Array.from({ length: 4 }, () => 'inbound sms refused: not signed by SNS for the two-way SMS topic'));
  });
});
