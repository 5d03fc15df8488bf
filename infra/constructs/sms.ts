import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface SmsProps {
  /** What happens to the topic's key when it leaves the stack. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Inbound SMS: the SNS topic AWS End User Messaging SMS publishes two-way messages to (set it as the
 * two-way channel of each Space's number), encrypted with its own key, publishable by that service
 * of this account only, and subscribed by the sms-inbound function.
 */
export class Sms extends Construct {
  readonly inboundTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: SmsProps = {}) {
    super(scope, id);
    const account = Stack.of(this).account;
    const service = new iam.ServicePrincipal('sms-voice.amazonaws.com');
    const key = new kms.Key(this, 'InboundKey', {
      description: 'Mailbridge inbound SMS topic', enableKeyRotation: true, removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // Publishing to an encrypted topic needs the key: End User Messaging of this account may use it for that.
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'SmsVoicePublishes', principals: [service], actions: ['kms:GenerateDataKey*', 'kms:Decrypt'], resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }));
    this.inboundTopic = new sns.Topic(this, 'Inbound', { displayName: 'Mailbridge inbound SMS', masterKey: key, enforceSSL: true });
    this.inboundTopic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'SmsVoicePublishes', principals: [service], actions: ['sns:Publish'], resources: [this.inboundTopic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }));
  }

  /** Subscribes the inbound function (its resource policy then lets only this topic invoke it). */
  connect(inbound: lambda.IFunction): void {
    this.inboundTopic.addSubscription(new subscriptions.LambdaSubscription(inbound));
  }
}
