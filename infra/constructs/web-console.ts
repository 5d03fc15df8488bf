import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { rules } from 'cdk-nag';
import { Construct } from 'constructs';
import { CONSOLE_BASE, consoleSecurityHeaders } from '../web/console-headers.js';

export interface WebConsoleProps {
  /**
   * Origin the console may call the API on (CSP connect-src). The API's own URL cannot be named here:
   * the API's CORS names this distribution, so a policy naming the API would make a dependency cycle.
   */
  readonly apiOrigin: string;
  /** Origin of the Cognito hosted UI, e.g. `https://shop.auth.eu-west-1.amazoncognito.com`. */
  readonly identityOrigin: string;
  /** Bucket that receives the console bucket's server access logs. */
  readonly accessLogBucket: s3.IBucket;
  readonly removalPolicy?: RemovalPolicy;
}

// Viewer-request function: `/` goes to the console, and a console path without a file extension is a
// client-side route, so it gets index.html (a missing asset stays a 403/404, not HTML).
const SPA_FALLBACK = `function handler(event) {
  var uri = event.request.uri;
  if (uri === '/' || uri === '${CONSOLE_BASE.slice(0, -1)}') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '${CONSOLE_BASE}' } } };
  }
  if (uri.indexOf('${CONSOLE_BASE}') === 0 && uri.slice(uri.lastIndexOf('/') + 1).indexOf('.') === -1) {
    event.request.uri = '${CONSOLE_BASE}index.html';
  }
  return event.request;
}`;

/**
 * The staff console on AWS: a private bucket read only by CloudFront through origin access control,
 * the same security headers as `npm start` serves (strict CSP), an SPA fallback, and the built app
 * with its config.json uploaded under CONSOLE_BASE.
 */
export class WebConsole extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`, for the API's CORS. */
  readonly origin: string;
  /** The console's URL, e.g. `https://d111.cloudfront.net/console/`. */
  readonly url: string;
  private readonly identityOrigin: string;

  constructor(scope: Construct, id: string, props: WebConsoleProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'console-bucket/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
      autoDeleteObjects: false,
    });
    this.identityOrigin = props.identityOrigin;
    const headers = consoleSecurityHeaders({ api: props.apiOrigin, identity: props.identityOrigin });
    const responseHeaders = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Mailbridge console: strict CSP and security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: headers['content-security-policy']!, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: headers['permissions-policy']!, override: true }],
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Mailbridge staff console',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: responseHeaders,
        functionAssociations: [{
          eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
          function: new cloudfront.Function(this, 'SpaFallback', {
            code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK), runtime: cloudfront.FunctionRuntime.JS_2_0,
          }),
        }],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}${CONSOLE_BASE}`;
    this.acknowledgeDistribution();
  }

  /**
   * Uploads the built console (index.html + assets/, from infra/web/build-console.ts) and its
   * config.json; called once the API and the app client exist.
   */
  deploy(assetDir: string, target: { apiUrl: string; clientId: string }): void {
    const prefix = CONSOLE_BASE.slice(1);
    // Hashed asset names change with their content, so they are cached for a year; index.html and
    // config.json must be fresh after every deploy. Assets go first and stay (prune off), so a
    // browser holding the previous index.html still finds its files.
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [s3deploy.Source.asset(assetDir, { exclude: ['index.html'] })],
      destinationBucket: this.bucket, destinationKeyPrefix: prefix, prune: false,
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    const config = {
      apiUrl: target.apiUrl,
      oidc: {
        authorizeUrl: `${this.identityOrigin}/oauth2/authorize`,
        tokenUrl: `${this.identityOrigin}/oauth2/token`,
        logoutUrl: `${this.identityOrigin}/logout`,
        clientId: target.clientId,
        scope: 'openid email profile',
      },
    };
    const entry = new s3deploy.BucketDeployment(this, 'DeployEntry', {
      sources: [
        s3deploy.Source.asset(assetDir, { exclude: ['*', '!index.html'] }),
        s3deploy.Source.jsonData('config.json', config),
      ],
      destinationBucket: this.bucket, destinationKeyPrefix: prefix, prune: false,
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution, distributionPaths: [`${CONSOLE_BASE}index.html`, `${CONSOLE_BASE}config.json`],
    });
    entry.node.addDependency(assets);
    this.acknowledgeDeploymentHandler(entry.handlerRole);
  }

  private acknowledgeDistribution(): void {
    const reasons: Record<string, string> = {
      'AwsSolutions-CFR1': 'Staff sign in from wherever they work; access is controlled by Cognito, not by country.',
      'AwsSolutions-CFR2': 'The distribution serves static files only; the API it calls has its own throttles and JWT checks.',
      'AwsSolutions-CFR3': 'Static console files carry no customer data; the API logs every request it serves.',
      'AwsSolutions-CFR4': 'The *.cloudfront.net default certificate has a security policy CloudFront fixes; a custom domain with its own certificate (and TLS 1.2 minimum) is a deployment choice outside this stack.',
    };
    for (const [id, reason] of Object.entries(reasons)) Validations.of(this.distribution).acknowledge({ id, reason });
  }

  /**
   * BucketDeployment's handler is a function aws-cdk-lib provides (one per stack); its role gets the
   * managed basic execution policy and the object-level wildcards of the copy it performs. Each of
   * those findings is acknowledged by name, as cdk-nag reports them for this policy.
   */
  private acknowledgeDeploymentHandler(handlerRole: iam.IRole): void {
    Validations.of(handlerRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK\'s BucketDeployment handler writes its logs with the basic Lambda execution role.',
    });
    const handler = handlerRole.node.scope;
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1', reason: 'aws-cdk-lib chooses and updates the runtime of its BucketDeployment handler.',
      });
    }
    const policy = handlerRole.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
    if (!(policy instanceof iam.CfnPolicy)) return;
    const findings = rules.iam.IAMNoWildcardPermissions(policy);
    for (const finding of Array.isArray(findings) ? findings : []) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: 'CDK\'s BucketDeployment handler reads the console\'s asset objects from the CDK asset bucket and '
          + 'copies, overwrites and prunes objects under the console prefix of this bucket only.',
      });
    }
  }
}
