import { beforeAll, describe, expect, it } from 'vitest';
import { synthStack, type SynthesizedStack } from './support/synth-stack.js';
import { functionIds, refId, resourcesOf } from './support/template-queries.js';

let synth: SynthesizedStack;
beforeAll(() => {
  synth = synthStack();
});

describe('inbound SMS', () => {
  it('encrypts the two-way topic with its own key and lets only End User Messaging of this account publish', () => {
    const topics = Object.entries(resourcesOf(synth.template, 'AWS::SNS::Topic')).filter(([, t]) => t.Properties.DisplayName === 'Mailbridge inbound SMS');
    expect(topics).toHaveLength(1);
    const [topicId, topic] = topics[0]!;
    const policies = Object.values(resourcesOf(synth.template, 'AWS::SNS::TopicPolicy'))
      .filter((p) => (p.Properties.Topics as unknown[]).some((t) => refId(t) === topicId));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Sid?: string; Principal?: { Service?: string }; Condition?: unknown }[]);

    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    expect(statements.find((s) => s.Sid === 'SmsVoicePublishes')).toMatchObject({
      Principal: { Service: 'sms-voice.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': expect.anything() } },
    });
  });

  it('subscribes the sms-inbound function and lets only that topic invoke it', () => {
    const fn = functionIds(synth.template)['sms-inbound'];
    const subscriptions = Object.values(resourcesOf(synth.template, 'AWS::SNS::Subscription')).filter((s) => s.Properties.Protocol === 'lambda');
    const permissions = Object.values(resourcesOf(synth.template, 'AWS::Lambda::Permission')).filter((p) => refId(p.Properties.FunctionName) === fn);

    expect(subscriptions.map((s) => refId(s.Properties.Endpoint))).toContain(fn);
    expect(permissions).toEqual([expect.objectContaining({ Properties: expect.objectContaining({ Principal: 'sns.amazonaws.com', SourceArn: expect.anything() }) })]);
  });
});
