import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName } from '../../shared/config/names.js';
import type { Bundles } from '../bundle.js';
import { FUNCTION_NODE_OPTIONS } from '../function-environment.js';

export interface FunctionsProps {
  /** Built code: one folder with `index.mjs` per function (see infra/bundle.ts). */
  readonly bundles: Bundles;
  /** Environment shared by every function (names, URLs, ids: never a secret value). */
  readonly environment: Record<string, string>;
  /** How long function logs are kept. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** What happens to the log groups when they leave the stack. @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * One Lambda per FUNCTIONS entry: Node.js 22 on arm64, ESM bundle, timeout and memory from the spec.
 * Each has its own role that may only write its own log group; access.ts adds the rest.
 */
export class Functions extends Construct {
  readonly byName: Record<FunctionName, lambda.Function>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
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
