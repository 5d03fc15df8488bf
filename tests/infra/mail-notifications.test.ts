import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../shared/config/names.js';
import { synthStack, type SynthesizedStack } from './support/synth-stack.js';
import { actionsOf, functionIds, refId, resourceListOf, resourcesOf, statementsOf } from './support/template-queries.js';

let synth: SynthesizedStack;
beforeAll(() => {
  synth = synthStack();
});

const onlyResource = (type: string) => {
  const all = Object.entries(resourcesOf(synth.template, type));
  expect(all, type).toHaveLength(1);
  return { id: all[0]![0], resource: all[0]![1] };
};

/** The topic the configuration set's event destination publishes to (the stack has other topics: SMS, alarms). */
const sesTopic = () => {
  const destinations = Object.values(resourcesOf(synth.template, 'AWS::SES::ConfigurationSetEventDestination'));
  expect(destinations).toHaveLength(1);
  const id = refId(destinations[0]!.Properties.EventDestination.SnsDestination.TopicARN) ?? '';
  const resource = resourcesOf(synth.template, 'AWS::SNS::Topic')[id];
  expect(resource).toBeDefined();
  return { id, resource: resource! };
};

describe('SES bounce and complaint notifications', () => {
  it('publishes bounces and complaints of the configuration set to a topic encrypted with its own key', () => {
    const set = onlyResource('AWS::SES::ConfigurationSet');
    const topic = sesTopic();

    synth.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: set.id },
      EventDestination: { Enabled: true, MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: { TopicARN: { Ref: topic.id } } },
    });
    const key = resourcesOf(synth.template, 'AWS::KMS::Key')[refId(topic.resource.Properties.KmsMasterKeyId) ?? ''];
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    const sesOnKey = (key?.Properties.KeyPolicy.Statement as { Principal: { Service?: string }; Action: string[]; Condition: Record<string, unknown> }[])
      .filter((s) => s.Principal.Service === 'ses.amazonaws.com');
    expect(sesOnKey).toHaveLength(1);
    expect([...sesOnKey[0]!.Action].sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(sesOnKey[0]!.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': synth.stack.account },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', expect.arrayContaining([{ Ref: set.id }])] } },
    });
  });

  it('lets only SES, for this account and configuration set, publish to the topic, and only over TLS', () => {
    const set = onlyResource('AWS::SES::ConfigurationSet');
    const topic = sesTopic();
    const policies = Object.values(resourcesOf(synth.template, 'AWS::SNS::TopicPolicy'))
      .filter((p) => (p.Properties.Topics as unknown[]).some((t) => refId(t) === topic.id));
    expect(policies).toHaveLength(1);
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Effect: string; Principal: unknown; Action: string; Condition?: Record<string, Record<string, unknown>> }[]);

    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Principal: { Service: 'ses.amazonaws.com' }, Action: 'sns:Publish' });
    expect(Object.keys(allows[0]!.Condition?.StringEquals ?? {}).sort()).toEqual(['AWS:SourceAccount', 'AWS:SourceArn']);
    expect(JSON.stringify(allows[0]!.Condition?.StringEquals?.['AWS:SourceArn'])).toContain(set.id);
    expect(statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport'))).toBe(true);
  });

  it('subscribes the ses-notifications function and tells every function the configuration set and the topic', () => {
    const ids = functionIds(synth.template);
    const set = onlyResource('AWS::SES::ConfigurationSet');
    const topic = sesTopic();

    synth.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda', TopicArn: { Ref: topic.id }, Endpoint: { 'Fn::GetAtt': [ids['ses-notifications'], 'Arn'] },
    });
    const env = resourcesOf(synth.template, 'AWS::Lambda::Function')[ids['orders-api']]?.Properties.Environment.Variables;
    expect(env[ENV.sesConfigurationSet]).toEqual({ Ref: set.id });
    expect(env[ENV.sesNotificationTopicArn]).toEqual({ Ref: topic.id });
    expect(env[ENV.snsLocalCertUrl]).toBeUndefined();
  });

  it('grants each sender ses:SendRawEmail on the configuration set as well as on the sender identity', () => {
    const ids = functionIds(synth.template);
    const set = onlyResource('AWS::SES::ConfigurationSet');

    for (const fn of ['orders-api', 'mail-api', 'stripe-webhook'] as const) {
      const send = statementsOf(synth.template, ids[fn]).find((s) => actionsOf(s).includes('ses:SendRawEmail'));
      const resources = JSON.stringify(resourceListOf(send!));
      expect(resources, fn).toContain('configuration-set/');
      expect(resources, fn).toContain(set.id);
      expect(resources, fn).toContain('identity/');
    }
    expect(statementsOf(synth.template, ids['ses-notifications']).flatMap(actionsOf).filter((a) => !a.startsWith('logs:')).sort())
      .toEqual(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
  });
});
