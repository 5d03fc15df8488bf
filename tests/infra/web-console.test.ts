import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthStack, type SynthesizedStack } from './support/synth-stack.js';

const findingsOf = (app: App): string[] =>
  new AwsSolutionsChecks().validateScope(app).violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));

/** A stand-in for the Vite build: the construct only uploads what it is given. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mailbridge-console-build-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Mailbridge</title><script type="module" src="/console/assets/app-1.js"></script>');
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1);');
  return dir;
}

const only = <T>(resources: Record<string, T>): T => {
  const values = Object.values(resources);
  expect(values).toHaveLength(1);
  return values[0]!;
};
const distributionDomain = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConsoleDistribution'), 'DomainName'] }]] };

let synth: SynthesizedStack;
beforeAll(() => {
  synth = synthStack({ console: { assetDir: fakeBuild(), domainPrefix: 'shop-console' }, withNag: true });
});

describe('the staff console on CloudFront', () => {
  it('passes cdk-nag with every acknowledgement explained', () => {
    expect(findingsOf(synth.app)).toEqual([]);
  });

  it('keeps the bucket private and lets only this distribution read it, through origin access control', () => {
    const t = synth.template;
    const bucket = Object.entries(t.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('ConsoleBucket'))!;
    const oac = only(t.findResources('AWS::CloudFront::OriginAccessControl')) as { Properties: { OriginAccessControlConfig: Record<string, string> } };
    const origin = (only(t.findResources('AWS::CloudFront::Distribution')) as {
      Properties: { DistributionConfig: { Origins: { OriginAccessControlId?: unknown; S3OriginConfig?: { OriginAccessIdentity: string } }[] } };
    }).Properties.DistributionConfig.Origins;

    expect(bucket[1]).toMatchObject({ Properties: { PublicAccessBlockConfiguration: {
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    } } });
    expect(bucket[1]).not.toHaveProperty('Properties.WebsiteConfiguration');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    expect(origin).toHaveLength(1);
    expect(origin[0]!.OriginAccessControlId).toBeDefined();
    expect(origin[0]!.S3OriginConfig?.OriginAccessIdentity).toBe('');
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket[0] },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Allow', Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
      })]) },
    });
  });

  it('sends a strict Content-Security-Policy and the other security headers', () => {
    const policy = only(synth.template.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as {
      Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, Record<string, unknown>> } };
    };
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy!.ContentSecurityPolicy);

    console.log(`CSP: ${csp}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('https://shop-console.auth.eu-west-1.amazoncognito.com');
    expect(csp).toContain('https://*.execute-api.eu-west-1.');
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000 });
  });

  it('answers client-side routes with index.html, redirects / to the console and leaves files alone', () => {
    const fn = only(synth.template.findResources('AWS::CloudFront::Function')) as { Properties: { FunctionCode: string } };
    const handler = new Function(`${fn.Properties.FunctionCode}; return handler;`)() as (e: unknown) => { uri?: string; statusCode?: number; headers?: { location: { value: string } } };
    const run = (uri: string) => handler({ request: { uri } });

    expect(run('/console/people').uri).toBe('/console/index.html');
    expect(run('/console/customers/contact/01J').uri).toBe('/console/index.html');
    expect(run('/console/').uri).toBe('/console/index.html');
    expect(run('/console/assets/app-1.js').uri).toBe('/console/assets/app-1.js');
    expect(run('/').statusCode).toBe(302);
    expect(run('/').headers?.location.value).toBe('/console/');
  });

  it('limits the API CORS to the console origin', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: [distributionDomain],
        AllowHeaders: Match.arrayWith(['authorization', 'if-match']),
        ExposeHeaders: Match.arrayWith(['etag']),
      },
    });
  });

  it('lets the app client sign in only with the code flow, back to the console', () => {
    const t = synth.template;
    t.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'shop-console' });
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(['openid', 'email']),
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', Match.anyValue(), '/console/callback']] }],
      LogoutURLs: [{ 'Fn::Join': ['', ['https://', Match.anyValue(), '/console/']] }],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  it('uploads the build under /console/ with config.json and invalidates the entry files', () => {
    const deployments = Object.values(synth.template.findResources('Custom::CDKBucketDeployment')) as { Properties: Record<string, unknown> }[];

    expect(deployments).toHaveLength(2);
    expect(deployments.map((d) => d.Properties.DestinationBucketKeyPrefix)).toEqual(['console/', 'console/']);
    const entry = deployments.find((d) => d.Properties.DistributionPaths)!;
    expect(entry.Properties.DistributionPaths).toEqual(['/console/index.html', '/console/config.json']);
    expect(entry.Properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    // config.json is written at deploy time with the API's endpoint and the app client's id filled in.
    expect(Object.values((entry.Properties.SourceMarkers as Record<string, unknown>[])[1]!)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^ApiHttpApi/), 'ApiEndpoint'] },
      { Ref: expect.stringMatching(/^UsersUserPoolAppClient/) },
    ]);
  });
});

describe('without the console', () => {
  it('has no distribution, no CORS and no hosted UI', () => {
    const t = synthStack().template;

    expect(t.findResources('AWS::CloudFront::Distribution')).toEqual({});
    expect(t.findResources('AWS::Cognito::UserPoolDomain')).toEqual({});
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });

  it('refuses a console with an external issuer', () => {
    expect(() => synthStack({ oidcIssuer: 'https://login.example.com', oidcAudience: ['x'], console: {} }))
      .toThrow(/console signs in through the built-in Cognito pool/);
  });
});
