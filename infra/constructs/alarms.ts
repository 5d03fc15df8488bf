import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  readonly functions: Record<string, lambda.IFunction>;
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  /** Address that receives alarm notifications through a new SNS topic. @default - alarms without actions */
  readonly alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/** An alarm for any message in a DLQ and for any function error, optionally mailed to an operator. */
export class Alarms extends Construct {
  readonly topic?: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'Topic', { displayName: 'Mailbridge alarms', enforceSSL: true });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    for (const [name, dlq] of Object.entries(props.deadLetterQueues)) {
      this.add(`${name}-dlq-not-empty`, dlq.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.MAXIMUM,
      }), `Messages wait in the ${name} dead-letter queue: inspect, fix, then redrive them`);
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}-errors`, fn.metricErrors({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
        `The ${name} function failed at least once in 5 minutes`);
    }
  }

  private add(id: string, metric: cloudwatch.IMetric, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (this.topic) alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
