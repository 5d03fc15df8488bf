import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { POLL_SCHEDULE_MINUTES, SYNC_HEALTH_METRIC } from '../../shared/config/names.js';

export interface AlarmsProps {
  readonly functions: Record<string, lambda.IFunction>;
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  /** Address that receives alarm notifications through a new SNS topic. @default - alarms without actions */
  readonly alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * An alarm for any message in a DLQ, for any function error and for stalled mailbox sync,
 * optionally mailed to an operator.
 */
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
    // The poller emits the count every run, 0 included: no data means the poller itself is not running.
    this.add('mailbox-sync-stalled', new cloudwatch.Metric({
      namespace: SYNC_HEALTH_METRIC.namespace, metricName: SYNC_HEALTH_METRIC.name, dimensionsMap: { ...SYNC_HEALTH_METRIC.dimensions },
      period: Duration.minutes(POLL_SCHEDULE_MINUTES * 3), statistic: cloudwatch.Stats.MAXIMUM,
    }), 'A mailbox has had no finished sync run in three schedule intervals, or the poller has not run: check the sync queue, its DLQ and the sync-mailbox function',
    cloudwatch.TreatMissingData.BREACHING);
  }

  private add(id: string, metric: cloudwatch.IMetric, description: string, missing = cloudwatch.TreatMissingData.NOT_BREACHING): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: missing,
    });
    if (this.topic) alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
