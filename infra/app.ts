import { Annotations, App, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { FeaturePlan } from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import { bundleFunctions } from './bundle.js';
import { MailbridgeStack } from './mailbridge-stack.js';
import { buildConsole } from './web/build-console.js';

/**
 * The CDK app. Options come from context (`-c key=value` or cdk.json), documented in docs/deploy.md:
 * stackName, mailFrom, oidcIssuer, oidcAudience (comma-separated), publicBaseUrl, stage, alarmEmail,
 * deletionProtection, removalPolicy (retain|destroy), requireMfa, cognitoFeaturePlan, reserveConcurrency,
 * assistantModelId (`offline` for no model), assistantMonthlyTokens, oauthMicrosoftTenant,
 * console (false leaves the staff console out), consoleDomainPrefix.
 */
const PLACEHOLDER_SENDER = 'orders@example.com';

const app = new App();
const text = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined || value === null || value === '' ? undefined : String(value);
};
const flag = (key: string): boolean | undefined => {
  const value = text(key);
  return value === undefined ? undefined : value === 'true';
};

// The staff console needs the built-in Cognito pool's hosted UI; it is built here (cached by input hash).
const withConsole = flag('console') !== false && !text('oidcIssuer');
const consoleBuild = withConsole ? await buildConsole() : undefined;

const stack = new MailbridgeStack(app, text('stackName') ?? 'Mailbridge', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: 'Mailbridge CRM: email-to-CRM backend (HTTP API, IMAP poller, SQS workers, Stripe)',
  bundles: bundleFunctions(),
  mailFrom: text('mailFrom') ?? PLACEHOLDER_SENDER,
  oidcIssuer: text('oidcIssuer'),
  oidcAudience: text('oidcAudience')?.split(',').map((s) => s.trim()).filter(Boolean),
  publicBaseUrl: text('publicBaseUrl'),
  stage: text('stage'),
  alarmEmail: text('alarmEmail'),
  deletionProtection: flag('deletionProtection'),
  removalPolicy: text('removalPolicy') === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
  requireMfa: flag('requireMfa'),
  cognitoFeaturePlan: text('cognitoFeaturePlan') as FeaturePlan | undefined,
  ...(flag('reserveConcurrency') === false ? { reservedConcurrency: {} } : {}),
  ...(text('assistantModelId') ? { assistantModelId: text('assistantModelId') === 'offline' ? null : text('assistantModelId') } : {}),
  ...(text('assistantMonthlyTokens') ? { assistantMonthlyTokens: Number(text('assistantMonthlyTokens')) } : {}),
  ...(text('oauthMicrosoftTenant') ? { oauthMicrosoftTenant: text('oauthMicrosoftTenant') } : {}),
  ...(consoleBuild ? { console: { assetDir: consoleBuild.dir, domainPrefix: text('consoleDomainPrefix') } } : {}),
});

if (!text('mailFrom')) {
  Annotations.of(stack).addWarningV2(
    'mailbridge:placeholder-sender',
    `No mailFrom context: using ${PLACEHOLDER_SENDER}, which SES will refuse. Deploy with -c mailFrom=you@your.domain.`,
  );
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
