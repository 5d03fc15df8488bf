import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTIONS, QUEUES, type FunctionName } from '../../shared/config/names.js';
import type { Bundles } from '../bundle.js';
import { FUNCTION_NODE_OPTIONS } from '../function-environment.js';

/**
 * Concurrency set aside per function: a floor nothing else in the account can take, and a cap.
 * The webhook and the mail pipeline get one, so a flood of API traffic cannot stall payments or
 * sync; each worker's equals its event source mapping's maximum concurrency (AWS advises reserved
 * ≥ maximum, or the mapping gets throttled). API functions stay in the shared pool, bounded by
 * their route throttles. 31 in all: 969 of the default 1,000 stay unreserved (AWS keeps ≥ 100).
 */
export const DEFAULT_RESERVED_CONCURRENCY: Readonly<Partial<Record<FunctionName, number>>> = {
  'stripe-webhook': 20,
  'poll-mailboxes': 1,
  'sync-mailbox': QUEUES.sync.maxConcurrency,
  'parse-message': QUEUES.parse.maxConcurrency,
  'link-message': QUEUES.link.maxConcurrency,
};

export interface FunctionsProps {
  /** Built code: one folder with `index.mjs` per function (see infra/bundle.ts). */
  readonly bundles: Bundles;
  /** Environment shared by every function (names, URLs, ids: never a secret value). */
  readonly environment: Record<string, string>;
  /** How long function logs are kept. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** What happens to the log groups when they leave the stack. @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Reserved concurrency by function; replaces the whole table, so `{}` reserves nothing (for an
   * account whose limit leaves no room). @default DEFAULT_RESERVED_CONCURRENCY
   */
  readonly reservedConcurrency?: Readonly<Partial<Record<FunctionName, number>>>;
}

/**
 * One Lambda per FUNCTIONS entry: Node.js 22 on arm64, ESM bundle, timeout and memory from the spec.
 * Each has its own role that may only write its own log group; access.ts adds the rest.
 */
export class Functions extends Construct {
  readonly byName: Record<FunctionName, lambda.Function>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    assertReservable(props.reservedConcurrency ?? DEFAULT_RESERVED_CONCURRENCY);
    const names = Object.keys(FUNCTIONS) as FunctionName[];
    this.byName = Object.fromEntries(
      names.map((name) => [name, this.createFunction(name, props)]),
    ) as Record<FunctionName, lambda.Function>;
  }

  private createFunction(name: FunctionName, props: FunctionsProps): lambda.Function {
    const spec = FUNCTIONS[name];
    const logGroup = new logs.LogGroup(this, `${name}-logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    // An explicit role instead of AWSLambdaBasicExecutionRole, which may write to any log group.
    const role = new iam.Role(this, `${name}-role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Mailbridge ${name}`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const fn = new lambda.Function(this, name, {
      description: `Mailbridge ${name} (${spec.entry})`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(props.bundles.dirOf(name)),
      timeout: Duration.seconds(spec.timeoutSeconds),
      memorySize: spec.memoryMb,
      reservedConcurrentExecutions: (props.reservedConcurrency ?? DEFAULT_RESERVED_CONCURRENCY)[name],
      role,
      logGroup,
      environment: { ...props.environment, NODE_OPTIONS: FUNCTION_NODE_OPTIONS },
    });
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The team targets nodejs22.x (the Node line the code and the local stack are tested on); ' +
        'moving to a newer runtime is a deliberate upgrade, not a drive-by change.',
    });
    return fn;
  }
}

/** @throws Error listing every reservation that would stop a function or throttle its queue. */
function assertReservable(reserved: Readonly<Partial<Record<FunctionName, number>>>): void {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(reserved) as [FunctionName, number][]) {
    const queue = Object.values(QUEUES).find((q) => q.consumer === name);
    const minimum = queue?.maxConcurrency ?? 1;
    const why = queue ? "its queue's maximum concurrency (the mapping would be throttled)" : '1 (it would never run)';
    if (!Number.isInteger(value) || value < minimum) problems.push(`${name} reserved ${value}, below ${minimum}: ${why}`);
  }
  if (problems.length > 0) throw new Error(`Invalid reserved concurrency:\n  - ${problems.join('\n  - ')}`);
}
