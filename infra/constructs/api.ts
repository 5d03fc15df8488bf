import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_THROTTLE, type FunctionName, type ThrottleSettings } from '../../shared/config/names.js';
import { routeKeyOf, type Contract } from '../../shared/http/contract.js';

/** Who signs the bearer tokens the API accepts. */
export interface TokenIssuer {
  /** The `iss` claim, e.g. `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc`. */
  readonly issuer: string;
  /** Accepted `aud` values (for Cognito ID tokens: the app client id). */
  readonly audience: readonly string[];
}

/** A token bucket of API Gateway: steady requests per second and the burst it absorbs. */
export type RouteThrottle = ThrottleSettings;

export interface ApiProps {
  readonly tokenIssuer: TokenIssuer;
  /** Steady-state requests per second of each route without a throttle of its own. @default API_THROTTLE.default */
  readonly rateLimit?: number;
  /** Burst each such route absorbs. @default API_THROTTLE.default */
  readonly burstLimit?: number;
  /**
   * Throttles by route key (`POST /orders`), on top of API_THROTTLE.routes: an entry replaces
   * that route's setting; a key that matches no route is refused. @default API_THROTTLE.routes
   */
  readonly routeThrottles?: Readonly<Record<string, RouteThrottle>>;
  /** How long access logs are kept. @default logs.RetentionDays.THREE_MONTHS */
  readonly accessLogRetention?: logs.RetentionDays;
  /** What happens to the access log group when it leaves the stack. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

// HTTP API $context variables; no header, token or body is logged.
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  responseLength: '$context.responseLength',
  sub: '$context.authorizer.claims.sub',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
});

/**
 * The public HTTP API: one JWT authorizer, a `$default` stage with access logs, and the routes that
 * `addContractRoutes` makes from the contracts, each with its own throttle in the stage.
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  private readonly defaultThrottle: RouteThrottle;
  private readonly routeThrottles: Readonly<Record<string, RouteThrottle>>;
  private readonly routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.defaultThrottle = { rateLimit: props.rateLimit ?? API_THROTTLE.default.rateLimit, burstLimit: props.burstLimit ?? API_THROTTLE.default.burstLimit };
    this.routeThrottles = props.routeThrottles ?? {};
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Mailbridge CRM API',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: this.defaultThrottle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', props.tokenIssuer.issuer, {
      jwtAudience: [...props.tokenIssuer.audience],
    });
  }

  /** The base URL of the API, without a trailing slash. */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }

  /** Adds one route per contract, served by the contract's function; only `auth: 'none'` skips the JWT check. */
  addContractRoutes(
    contracts: readonly Contract[],
    functions: Record<FunctionName, lambda.IFunction>,
  ): void {
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (fn: FunctionName) => {
      const existing = integrations.get(fn);
      if (existing) return existing;
      const created = new HttpLambdaIntegration(`${fn}-integration`, functions[fn]);
      integrations.set(fn, created);
      return created;
    };
    const unknown = Object.keys(this.routeThrottles).filter((key) => !contracts.some((c) => routeKeyOf(c) === key));
    if (unknown.length > 0) throw new Error(`routeThrottles names routes that do not exist: ${unknown.join(', ')}`);
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    for (const c of contracts) {
      const routeKey = routeKeyOf(c);
      const throttle = this.routeThrottles[routeKey] ?? API_THROTTLE.routes[routeKey] ?? this.defaultThrottle;
      this.routeSettings[routeKey] = { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
      const [route] = this.httpApi.addRoutes({
        path: c.path,
        methods: [apigw.HttpMethod[c.method]],
        integration: integrationFor(c.fn),
        authorizer: c.auth === 'none' ? new apigw.HttpNoneAuthorizer() : this.authorizer,
      });
      // The stage's route settings name the route, so CloudFormation must create the route first.
      if (route) this.stage.node.addDependency(route);
      if (c.auth === 'none' && route) {
        if (!c.publicBecause) throw new Error(`${c.method} ${c.path} skips the authorizer without saying why (publicBecause)`);
        Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: `${c.method} ${c.path} has no authorizer: ${c.publicBecause}` });
      }
    }
    cfnStage.routeSettings = { ...this.routeSettings };
  }
}
