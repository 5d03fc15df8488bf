import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { MailbridgeStack } from '../../infra/mailbridge-stack.js';
import { stubBundles } from './support/synth-stack.js';

describe('stack options', () => {
  it('lists every conflicting or malformed option in one error', () => {
    const build = () => new MailbridgeStack(new App(), 'Broken', {
      bundles: stubBundles(),
      mailFrom: 'not-an-address',
      oidcIssuer: 'http://login.example.com',
      requireMfa: true,
    });

    expect(build).toThrow(/mailFrom must be an email address/);
    expect(build).toThrow(/oidcIssuer must be an https URL/);
    expect(build).toThrow(/oidcIssuer needs oidcAudience/);
    expect(build).toThrow(/apply to the built-in Cognito pool/);
  });

  it('refuses an inference profile or a malformed model id for the assistant, with the token cap', () => {
    const build = (assistantModelId: string) => () => new MailbridgeStack(new App(), 'Model', {
      bundles: stubBundles(), mailFrom: 'orders@shop.example', assistantModelId, assistantMonthlyTokens: 0,
    });

    expect(build('us.anthropic.claude-3-haiku-20240307-v1:0')).toThrow(/is an inference profile/);
    expect(build('not a model')).toThrow(/must be a Bedrock model id/);
    expect(build('amazon.nova-lite-v1:0')).toThrow(/assistantMonthlyTokens must be a positive integer/);
  });

  it('deploys the offline assistant without any model right when assistantModelId is null', () => {
    const stack = new MailbridgeStack(new App(), 'Offline', { bundles: stubBundles(), mailFrom: 'orders@shop.example', assistantModelId: null });

    const template = JSON.stringify(Template.fromStack(stack).toJSON());

    expect(template).not.toContain('bedrock:');
    expect(template).not.toContain('ASSISTANT_MODEL_ID');
  });

  it('gives every function the Microsoft tenant of OAuth2 mailboxes, and refuses one that is no tenant', () => {
    const build = (oauthMicrosoftTenant?: string) => new MailbridgeStack(new App(), 'Tenant', {
      bundles: stubBundles(), mailFrom: 'orders@shop.example', ...(oauthMicrosoftTenant ? { oauthMicrosoftTenant } : {}),
    });
    const tenants = (stack: MailbridgeStack) => Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
      .map((fn) => (fn as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties.Environment?.Variables?.OAUTH_MICROSOFT_TENANT);

    const single = tenants(build('0f4c2b1e-3a5d-4e6f-8a9b-1c2d3e4f5a6b'));

    expect(single.length).toBeGreaterThan(3);
    expect(new Set(single)).toEqual(new Set(['0f4c2b1e-3a5d-4e6f-8a9b-1c2d3e4f5a6b']));
    expect(new Set(tenants(build()))).toEqual(new Set([undefined]));
    expect(() => build('common/../evil?x=')).toThrow(/oauthMicrosoftTenant must be/);
  });

  it('accepts an external issuer with its audience', () => {
    const build = () => new MailbridgeStack(new App(), 'External', {
      bundles: stubBundles(),
      mailFrom: 'orders@shop.example',
      oidcIssuer: 'https://login.example.com/realms/shop',
      oidcAudience: ['mailbridge'],
    });

    expect(build).not.toThrow();
  });
});
