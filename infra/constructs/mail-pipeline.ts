import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  POLL_SCHEDULE_MINUTES,
  QUEUES,
  visibilityTimeoutFor,
  type FunctionName,
  type QueueId,
} from '../../shared/config/names.js';

export interface MailPipelineProps {
  /** How long an unprocessed message stays in a work queue. @default Duration.days(4) */
  readonly retentionPeriod?: Duration;
  /** Longest wait to fill a batch for the parse and link workers. @default Duration.seconds(1) */
  readonly maxBatchingWindow?: Duration;
  /** Minutes between two poller runs. @default POLL_SCHEDULE_MINUTES */
  readonly pollEveryMinutes?: number;
}

/** A work queue and the dead-letter queue its poison messages end in. */
export interface QueuePair {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
}

const QUEUE_IDS = Object.keys(QUEUES) as QueueId[];

/**
 * The mail ingest path: the schedule that drives the IMAP poller and the sync → parse → link queues,
 * each with its DLQ, SSE, TLS-only access and a visibility timeout of six consumer timeouts.
 */
export class MailPipeline extends Construct {
  readonly queues: Record<QueueId, QueuePair>;
  private readonly props: MailPipelineProps;

  constructor(scope: Construct, id: string, props: MailPipelineProps = {}) {
    super(scope, id);
    this.props = props;
    this.queues = Object.fromEntries(
      QUEUE_IDS.map((queueId) => [queueId, this.createQueuePair(queueId)]),
    ) as Record<QueueId, QueuePair>;
  }

  /** Wires each queue to its consumer (partial batch responses on) and the schedule to the poller. */
  connect(functions: Record<FunctionName, lambda.IFunction>): void {
    for (const queueId of QUEUE_IDS) {
      const spec = QUEUES[queueId];
      functions[spec.consumer].addEventSource(
        new SqsEventSource(this.queues[queueId].queue, {
          batchSize: spec.batchSize,
          reportBatchItemFailures: true,
          maxConcurrency: spec.maxConcurrency,
          maxBatchingWindow:
            spec.batchSize > 1 ? (this.props.maxBatchingWindow ?? Duration.seconds(1)) : undefined,
        }),
      );
    }
    const minutes = this.props.pollEveryMinutes ?? POLL_SCHEDULE_MINUTES;
    new events.Rule(this, 'PollSchedule', {
      description: 'Starts the IMAP poller, which fans due mailboxes into the sync queue',
      schedule: events.Schedule.rate(Duration.minutes(minutes)),
      // A tick older than one period is superseded by the next one; the poller catches up by itself.
      targets: [
        new targets.LambdaFunction(functions['poll-mailboxes'], {
          maxEventAge: Duration.minutes(Math.max(minutes, 1)),
          retryAttempts: 2,
        }),
      ],
    });
  }

  private createQueuePair(queueId: QueueId): QueuePair {
    const spec = QUEUES[queueId];
    const prefix = queueId.charAt(0).toUpperCase() + queueId.slice(1);
    const dlq = new sqs.Queue(this, `${prefix}Dlq`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const queue = new sqs.Queue(this, `${prefix}Queue`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(visibilityTimeoutFor(queueId)),
      retentionPeriod: this.props.retentionPeriod ?? Duration.days(4),
      deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
    });
    return { queue, dlq };
  }
}
