import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { KEY_ADMIN_ACTIONS } from './data.js';

export interface MailNotificationsProps {
  /** What happens to the topic's key when it leaves the stack. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Where SES reports what became of our mail: a configuration set that every send names, whose event
 * destination publishes bounces and complaints to an SNS topic encrypted with a key of its own.
 * Only SES, for this account and this configuration set, may publish to the topic or use its key.
 */
export class MailNotifications extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  /** The configuration set's ARN: sends that name it need ses:SendRawEmail on it too. */
  readonly configurationSetArn: string;
  readonly topic: sns.Topic;
  readonly topicKey: kms.Key;

  constructor(scope: Construct, id: string, props: MailNotificationsProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.configurationSetArn = stack.formatArn({
      service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName,
    });
    const fromOurSes = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': this.configurationSetArn },
    };
    const sesService = new iam.ServicePrincipal('ses.amazonaws.com');
    this.topicKey = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the SES bounce and complaint notification topic',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({ statements: [
        new iam.PolicyStatement({ sid: 'AdministerByAccount', principals: [new iam.AccountRootPrincipal()], actions: KEY_ADMIN_ACTIONS, resources: ['*'] }),
        // SES encrypts what it publishes to an SSE topic with the topic's key, so it needs the data-key actions.
        new iam.PolicyStatement({
          sid: 'PublishBySes', principals: [sesService], actions: ['kms:GenerateDataKey*', 'kms:Decrypt'], resources: ['*'], conditions: fromOurSes,
        }),
      ] }),
    });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Mailbridge SES bounces and complaints',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    // The event destination adds its own sns:Publish grant to SES, conditioned on the same account and configuration set.
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
  }

  /** Subscribes the function that applies the notifications (Lambda retries a failed delivery twice). */
  subscribe(fn: lambda.IFunction): void {
    this.topic.addSubscription(new subscriptions.LambdaSubscription(fn));
  }
}
