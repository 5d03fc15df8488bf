import { App } from 'aws-cdk-lib';
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
