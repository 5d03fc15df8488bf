import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { FeaturePlan } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { ENV, type FunctionName } from '../shared/config/names.js';
import { CONTRACTS } from '../shared/http/contracts/index.js';
import type { Contract } from '../shared/http/contract.js';
import type { Bundles } from './bundle.js';
import { appEnvironment } from './function-environment.js';
import { grantAccess } from './constructs/access.js';
import { Alarms } from './constructs/alarms.js';
import { Api, type RouteThrottle, type TokenIssuer } from './constructs/api.js';
import { Data } from './constructs/data.js';
import { Functions } from './constructs/functions.js';
import { MailNotifications } from './constructs/mail-notifications.js';
import { MailPipeline } from './constructs/mail-pipeline.js';
import { Payments } from './constructs/payments.js';
import { hostedUiOrigin, UserDirectory, type UserDirectoryProps } from './constructs/user-directory.js';
import { WebConsole } from './constructs/web-console.js';

export interface MailbridgeStackProps extends StackProps {
  /** Built function code (infra/bundle.ts). */
  readonly bundles: Bundles;
  /** Sender of customer emails; must be (or belong to) a verified SES identity. */
  readonly mailFrom: string;
  /** External OIDC issuer instead of the built-in Cognito pool. @default - a Cognito user pool */
  readonly oidcIssuer?: string;
  /** Accepted `aud` values of the external issuer; required with `oidcIssuer`. @default - none */
  readonly oidcAudience?: readonly string[];
  /** Base URL used in links sent to customers. @default - the API's own endpoint */
  readonly publicBaseUrl?: string;
  /** Stage name handed to the functions (STAGE). @default 'prod' */
  readonly stage?: string;
  /** Email address for alarm notifications. @default - alarms without actions */
  readonly alarmEmail?: string;
  /** Deletion protection on the table and the user pool. @default true */
  readonly deletionProtection?: boolean;
  /** Removal policy of stateful resources (table, key, buckets, secret, pool, logs). @default RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Require MFA in the Cognito pool. @default false */
  readonly requireMfa?: boolean;
  /** Cognito feature plan. @default FeaturePlan.ESSENTIALS */
  readonly cognitoFeaturePlan?: FeaturePlan;
  /** Operations to expose. @default CONTRACTS */
  readonly contracts?: readonly Contract[];
  /** Per-route API throttles on top of the defaults (see Api). @default API_THROTTLE.routes (shared/config/names.ts) */
  readonly routeThrottles?: Readonly<Record<string, RouteThrottle>>;
  /** Reserved concurrency by function; `{}` reserves none (see Functions). @default DEFAULT_RESERVED_CONCURRENCY */
  readonly reservedConcurrency?: Readonly<Partial<Record<FunctionName, number>>>;
  /**
   * Bedrock foundation model of the assistant (Converse API, in the stack's region; its model access
   * must be enabled in the account), or null for the offline assistant. Spaces still opt in.
   * @default DEFAULT_ASSISTANT_MODEL_ID
   */
  readonly assistantModelId?: string | null;
  /** Most assistant tokens one Space may use per UTC month. @default 1,000,000 */
  readonly assistantMonthlyTokens?: number;
  /**
   * The Microsoft Entra tenant OAuth2 mailboxes sign in through: `common` (any work or personal account),
   * `organizations`, `consumers`, or one tenant's id or domain for a single-tenant app registration.
   * @default 'common'
   */
  readonly oauthMicrosoftTenant?: string;
  /**
   * The staff console on CloudFront, signing in through the Cognito hosted UI (built-in pool only).
   * `assetDir` is the built console (infra/web/build-console.ts); without it the distribution is
   * created empty. @default - no console
   */
  readonly console?: { readonly domainPrefix?: string; readonly assetDir?: string };
}

/** A foundation model on demand in most Bedrock regions that takes a forced tool choice. */
export const DEFAULT_ASSISTANT_MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';

/** Mailbridge CRM on AWS: data, mail pipeline, payments, API, functions and alarms. */
export class MailbridgeStack extends Stack {
  readonly api: Api;
  readonly functions: Functions;
  readonly webConsole?: WebConsole;

  constructor(scope: Construct, id: string, props: MailbridgeStackProps) {
    super(scope, id, props);
    assertValidProps(props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const modelId = props.assistantModelId === undefined ? DEFAULT_ASSISTANT_MODEL_ID : props.assistantModelId;
    const data = new Data(this, 'Data', { deletionProtection: props.deletionProtection, removalPolicy });
    const payments = new Payments(this, 'Payments', { mailFrom: props.mailFrom, removalPolicy });
    const pipeline = new MailPipeline(this, 'MailPipeline');
    const notifications = new MailNotifications(this, 'MailNotifications', { removalPolicy });
    const domainPrefix = props.console?.domainPrefix ?? `${this.stackName.toLowerCase()}-${this.account}`;
    // The API's CORS names the distribution, so the console's CSP names the region's API origins instead.
    this.webConsole = props.console && new WebConsole(this, 'Console', {
      apiOrigin: `https://*.execute-api.${this.region}.${this.urlSuffix}`,
      identityOrigin: hostedUiOrigin(this, domainPrefix),
      accessLogBucket: data.accessLogBucket,
      removalPolicy,
    });
    const issuer = this.createTokenIssuer(props, removalPolicy, this.webConsole && { url: this.webConsole.url, domainPrefix });
    this.api = new Api(this, 'Api', {
      tokenIssuer: issuer.tokenIssuer, removalPolicy, routeThrottles: props.routeThrottles,
      ...(this.webConsole ? { corsOrigins: [this.webConsole.origin] } : {}),
    });
    if (this.webConsole && props.console?.assetDir) {
      this.webConsole.deploy(props.console.assetDir, { apiUrl: this.api.url, clientId: issuer.clientId! });
    }
    if (this.webConsole) new CfnOutput(this, 'ConsoleUrl', { value: this.webConsole.url });

    this.functions = new Functions(this, 'Functions', {
      bundles: props.bundles,
      logRemovalPolicy: removalPolicy,
      reservedConcurrency: props.reservedConcurrency,
      environment: {
        ...appEnvironment({
          stage: props.stage ?? 'prod',
          tableName: data.table.tableName,
          queueUrls: { sync: pipeline.queues.sync.queue.queueUrl, parse: pipeline.queues.parse.queue.queueUrl, link: pipeline.queues.link.queue.queueUrl },
          mailBucket: data.mailBucket.bucketName,
          mailboxKeyId: data.mailboxKey.keyArn,
          mailFrom: props.mailFrom,
          publicBaseUrl: props.publicBaseUrl ?? this.api.url,
          apiBaseUrl: this.api.url,
          appSecretId: payments.appSecret.secretArn,
          sesConfigurationSet: notifications.configurationSet.configurationSetName,
          sesNotificationTopicArn: notifications.topic.topicArn,
        }),
        ...(modelId ? { [ENV.assistantModelId]: modelId } : {}),
        ...(props.assistantMonthlyTokens ? { [ENV.assistantMonthlyTokens]: String(props.assistantMonthlyTokens) } : {}),
        ...(props.oauthMicrosoftTenant ? { [ENV.oauthMicrosoftTenant]: props.oauthMicrosoftTenant } : {}),
      },
    });
    const fns = this.functions.byName;
    pipeline.connect(fns);
    notifications.subscribe(fns['ses-notifications']);
    this.api.addContractRoutes(props.contracts ?? CONTRACTS, fns);
    const assistantModelArn = modelId ? this.formatArn({ service: 'bedrock', account: '', resource: 'foundation-model', resourceName: modelId }) : undefined;
    grantAccess(fns, { data, pipeline, payments, notifications, ...(assistantModelArn ? { assistantModelArn } : {}) });
    new Alarms(this, 'Alarms', {
      functions: fns,
      deadLetterQueues: Object.fromEntries(Object.entries(pipeline.queues).map(([q, pair]) => [q, pair.dlq])),
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'AppSecretArn', { value: payments.appSecret.secretArn });
    new CfnOutput(this, 'MailBucketName', { value: data.mailBucket.bucketName });
  }

  private createTokenIssuer(
    props: MailbridgeStackProps, removalPolicy: RemovalPolicy, console?: UserDirectoryProps['console'],
  ): { tokenIssuer: TokenIssuer; clientId?: string } {
    if (props.oidcIssuer) return { tokenIssuer: { issuer: props.oidcIssuer, audience: props.oidcAudience ?? [] } };
    const directory = new UserDirectory(this, 'Users', {
      console,
      requireMfa: props.requireMfa,
      featurePlan: props.cognitoFeaturePlan,
      deletionProtection: props.deletionProtection,
      removalPolicy,
    });
    new CfnOutput(this, 'UserPoolId', { value: directory.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: directory.client.userPoolClientId });
    return {
      tokenIssuer: { issuer: directory.issuer, audience: [directory.client.userPoolClientId] },
      clientId: directory.client.userPoolClientId,
    };
  }
}

/** @throws Error listing every conflicting or malformed prop at once. */
function assertValidProps(props: MailbridgeStackProps): void {
  const problems: string[] = [];
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.mailFrom)) {
    problems.push(`mailFrom must be an email address, got "${props.mailFrom}"`);
  }
  if (props.oidcIssuer && !props.oidcIssuer.startsWith('https://')) {
    problems.push(`oidcIssuer must be an https URL, got "${props.oidcIssuer}"`);
  }
  if (props.oidcIssuer && !props.oidcAudience?.length) problems.push('oidcIssuer needs oidcAudience');
  if (!props.oidcIssuer && props.oidcAudience?.length) problems.push('oidcAudience needs oidcIssuer');
  if (props.oidcIssuer && (props.requireMfa !== undefined || props.cognitoFeaturePlan !== undefined)) {
    problems.push('requireMfa and cognitoFeaturePlan apply to the built-in Cognito pool, not to oidcIssuer');
  }
  if (props.oidcIssuer && props.console) {
    problems.push('console signs in through the built-in Cognito pool; it cannot be deployed with oidcIssuer');
  }
  if (props.console?.domainPrefix !== undefined && !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(props.console.domainPrefix)) {
    problems.push(`console.domainPrefix must be lowercase letters, digits and hyphens, got "${props.console.domainPrefix}"`);
  }
  if (props.publicBaseUrl && !/^https?:\/\/[^/]+/.test(props.publicBaseUrl)) {
    problems.push(`publicBaseUrl must be an http(s) URL, got "${props.publicBaseUrl}"`);
  }
  const modelId = props.assistantModelId;
  if (modelId && !/^[a-z0-9-]+\.[A-Za-z0-9._:-]+$/.test(modelId)) problems.push(`assistantModelId must be a Bedrock model id, got "${modelId}"`);
  if (modelId && /^(?:us|eu|apac|us-gov|global)\./.test(modelId)) {
    problems.push(`assistantModelId "${modelId}" is an inference profile; name a foundation model (its IAM grant covers that model only)`);
  }
  if (props.assistantMonthlyTokens !== undefined && (!Number.isInteger(props.assistantMonthlyTokens) || props.assistantMonthlyTokens <= 0)) {
    problems.push(`assistantMonthlyTokens must be a positive integer, got ${props.assistantMonthlyTokens}`);
  }
  if (props.oauthMicrosoftTenant !== undefined && !/^(?:[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[a-z0-9](?:[a-z0-9.-]{0,253}[a-z0-9])?)$/i.test(props.oauthMicrosoftTenant)) {
    problems.push(`oauthMicrosoftTenant must be common, organizations, consumers, a tenant id (GUID) or a tenant domain, got "${props.oauthMicrosoftTenant}"`);
  }
  if (problems.length > 0) {
    throw new Error(`Invalid Mailbridge stack configuration:\n  - ${problems.join('\n  - ')}`);
  }
}
