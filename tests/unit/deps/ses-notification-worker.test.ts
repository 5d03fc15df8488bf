import { createSign, generateKeyPairSync } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createSnsVerifier, type SnsMessage } from '../../../shared/adapters/notifications/sns-signature.js';
import type { Contact } from '../../../shared/domain/contacts/contact.js';
import { DEFAULT_MAIL_RULES } from '../../../shared/domain/rules/mail-rules.js';
import { applySesNotifications } from '../../../shared/deps/ses-notification-worker.js';
import { createMemoryCapture } from '../../../shared/store/memory-capture.js';
import { createMemoryOrderMailStore } from '../../../shared/store/order-mail-store.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:mailbridge-ses-notifications';
const CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem';
const SES_ID = '0102018c3f5e6a7b-1a2b3c4d-5e6f-4a5b-8c9d-0e1f2a3b4c5d-000000';
const JANE = 'jane.doe@northwind.example';
const sns = generateKeyPairSync('rsa', { modulusLength: 2048 });
const mallory = generateKeyPairSync('rsa', { modulusLength: 2048 });
const snsPublicPem = sns.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** Real SES event-publishing JSON (docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-examples.html), trimmed. */
const bounce = (bounceType: string, status = '5.1.1') => JSON.stringify({
  eventType: 'Bounce',
  bounce: {
    feedbackId: '0102018c3f5e7c8d-aaaa', bounceType, bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
    bouncedRecipients: [{ emailAddress: JANE, action: 'failed', status, diagnosticCode: `smtp; 550 ${status} user unknown` }],
    timestamp: '2026-11-29T15:00:01.000Z', reportingMTA: 'dns; a1-2.smtp-out.eu-west-1.amazonses.com',
  },
  mail: {
    timestamp: '2026-11-29T15:00:00.000Z', source: 'orders@mailbridge.example', sendingAccountId: '123456789012', messageId: SES_ID,
    destination: [JANE], tags: { 'ses:configuration-set': ['mailbridge'], 'mailbridge-space': ['sp_one'] },
  },
});
const complaint = JSON.stringify({
  eventType: 'Complaint',
  complaint: { feedbackId: '0102018c-bbbb', complaintSubType: null, complainedRecipients: [{ emailAddress: JANE }], timestamp: '2026-11-29T16:00:00.000Z', complaintFeedbackType: 'abuse' },
  mail: { timestamp: '2026-11-29T15:00:00.000Z', source: 'orders@mailbridge.example', messageId: SES_ID, destination: [JANE], tags: { 'mailbridge-space': ['sp_one'] } },
});

/** An SNS record as Lambda delivers it, signed (SignatureVersion 2) with `key`. */
function aRecord(message: string, key = sns.privateKey, over: Partial<SnsMessage> = {}): SNSEvent['Records'][number] {
  const m = { Type: 'Notification', MessageId: crypto.randomUUID(), TopicArn: TOPIC, Subject: null, Message: message, Timestamp: '2026-11-29T15:00:02.000Z', SignatureVersion: '2', SigningCertUrl: CERT_URL, ...over };
  const canonical = ['Message', m.Message, 'MessageId', m.MessageId, 'Timestamp', m.Timestamp, 'TopicArn', m.TopicArn, 'Type', m.Type, ''].join('\n');
  const Signature = over.Signature ?? createSign('RSA-SHA256').update(canonical).sign(key, 'base64');
  return { EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${TOPIC}:sub`, Sns: { ...m, Signature, MessageAttributes: {}, UnsubscribeUrl: '' } } as unknown as SNSEvent['Records'][number];
}

async function aWorker() {
  const orderMail = createMemoryOrderMailStore();
  const sent = { orderId: `ord_${'c3'.repeat(16)}`, kind: 'payment' as const, messageId: 'mb.x@mailbridge.example', tagCode: 'ABCDEFGH', to: JANE, at: '2026-11-29T15:00:00.000Z' };
  await orderMail.recordSent('sp_one', sent);
  await orderMail.recordProviderId('sp_one', SES_ID, sent);
  const capture = createMemoryCapture();
  capture.contacts.all.set('ct_jane', { id: 'ct_jane', spaceId: 'sp_one', name: 'Jane', emails: [JANE], version: 1 } as unknown as Contact);
  const logged: string[] = [];
  const deps = {
    verify: createSnsVerifier({ topicArn: TOPIC, certificate: async (url: string) => { if (url !== CERT_URL) throw new Error('unknown'); return snsPublicPem; } }),
    notifications: {
      orderMail, bounces: { contacts: capture.contacts, rt: { now: () => new Date('2026-11-29T15:01:00Z'), newId: () => crypto.randomUUID() } },
      runtime: { now: () => new Date('2026-11-29T15:01:00Z'), newId: () => crypto.randomUUID() }, rules: { getMailRules: async () => ({ rules: DEFAULT_MAIL_RULES }) },
    },
    log: { info: (m: string) => { logged.push(m); }, warn: (m: string) => { logged.push(m); }, error: () => {} },
  };
  const run = (...records: SNSEvent['Records']) => applySesNotifications(deps, { Records: records });
  return { run, flagged: () => orderMail.flagged.get(`sp_one/${sent.orderId}`) ?? [], jane: () => capture.contacts.all.get('ct_jane')!, logged };
}

describe('SES notifications through SNS', () => {
  it('flags the order and marks the address on a permanent bounce, once for a redelivery', async () => {
    const w = await aWorker();

    const outcomes = await w.run(aRecord(bounce('Permanent')), aRecord(bounce('Permanent')));

    expect(outcomes.map((o) => (o.outcome === 'handled' ? o.results.map((r) => r.outcome) : o.outcome))).toEqual([['flagged'], ['already-flagged']]);
    expect(w.flagged()).toEqual([{ type: 'bounce', mail: 'payment', messageId: 'mb.x@mailbridge.example', recipient: JANE, status: '5.1.1', at: '2026-11-29T15:00:01.000Z', via: 'ses' }]);
    expect(w.jane().bouncedEmails).toEqual([expect.objectContaining({ email: JANE, status: '5.1.1' })]);
  });

  it('flags the order on a complaint and marks the address complained, not bounced', async () => {
    const w = await aWorker();

    await w.run(aRecord(complaint), aRecord(complaint));

    expect(w.flagged()).toEqual([expect.objectContaining({ type: 'complaint', status: 'abuse', via: 'ses' })]);
    expect(w.jane().complainedEmails).toEqual([{ email: JANE, at: '2026-11-29T16:00:00.000Z', feedbackType: 'abuse' }]);
    expect(w.jane().bouncedEmails).toBeUndefined();
  });

  it('marks the contact on a complaint about a reply (no order mail), when SES names the address among the recipients', async () => {
    const w = await aWorker();
    const ofReply = (destination: string[]) => JSON.stringify({ ...JSON.parse(complaint), mail: { messageId: 'ses-reply-1', destination, tags: { 'mailbridge-space': ['sp_one'] } } });

    const [elsewhere] = await w.run(aRecord(ofReply(['someone@else.example'])));
    expect(elsewhere).toEqual({ outcome: 'handled', results: [{ outcome: 'not-ours' }] });
    expect(w.jane().complainedEmails).toBeUndefined();

    const [outcome] = await w.run(aRecord(ofReply([JANE])));

    expect(outcome).toEqual({ outcome: 'handled', results: [{ outcome: 'contact-marked', contactId: 'ct_jane' }] });
    expect(w.flagged()).toEqual([]);
    expect(w.jane().complainedEmails).toEqual([expect.objectContaining({ email: JANE })]);
  });

  it('records an SES bounce on the contact without a bounce mail id, saying SES reported it', async () => {
    const w = await aWorker();

    await w.run(aRecord(bounce('Permanent')));

    expect(w.jane().bouncedEmails).toEqual([{ email: JANE, at: '2026-11-29T15:00:01.000Z', status: '5.1.1', via: 'ses' }]);
  });

  it('accepts the local stack\'s certificate URL only when it is the one configured', async () => {
    const LOCAL = 'http://127.0.0.1:4000/local/sns/SimpleNotificationService-local.pem';
    const certificate = async () => snsPublicPem;
    const record = aRecord(bounce('Permanent'), sns.privateKey, { SigningCertUrl: LOCAL });

    expect(await createSnsVerifier({ topicArn: TOPIC, certificate })(record.Sns as unknown as SnsMessage)).toBe(false);
    expect(await createSnsVerifier({ topicArn: TOPIC, certificate, localCertUrl: LOCAL })(record.Sns as unknown as SnsMessage)).toBe(true);
  });

  it('changes nothing on a transient bounce', async () => {
    const w = await aWorker();

    const [outcome] = await w.run(aRecord(bounce('Transient', '4.2.2')));

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'not-permanent' });
    expect(w.flagged()).toEqual([]);
    expect(w.jane().bouncedEmails).toBeUndefined();
  });

  it.each([
    ['signed by another key', () => aRecord(bounce('Permanent'), mallory.privateKey)],
    ['unsigned', () => aRecord(bounce('Permanent'), sns.privateKey, { Signature: '' })],
    ['from another topic', () => aRecord(bounce('Permanent'), sns.privateKey, { TopicArn: 'arn:aws:sns:eu-west-1:999999999999:theirs' })],
    ['with a certificate off SNS', () => aRecord(bounce('Permanent'), sns.privateKey, { SigningCertUrl: 'https://evil.example/sns.pem' })],
    ['edited after signing', () => { const r = aRecord(bounce('Transient', '4.2.2')); r.Sns.Message = bounce('Permanent'); return r; }],
  ])('refuses a notification %s and changes nothing', async (_case, record) => {
    const w = await aWorker();

    const [outcome] = await w.run(record());

    expect(outcome).toEqual({ outcome: 'refused' });
    expect(w.flagged()).toEqual([]);
    expect(w.jane().bouncedEmails).toBeUndefined();
    expect(w.logged).toEqual(['ses notification refused: not signed by SNS for our topic']);
  });
});
