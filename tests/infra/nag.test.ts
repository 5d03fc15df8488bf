import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthStack, type SynthesizedStack } from './support/synth-stack.js';

/** Rule ids and construct paths, readable in a failure message. */
const findingsOf = (app: App): string[] =>
  new AwsSolutionsChecks().validateScope(app).violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));

let synth: SynthesizedStack;
beforeAll(() => {
  // The plugin registered on the app as in app.ts: cdk-nag 3 reports through CDK's policy validation,
  // so this in-memory synth already throws on any finding. CDK's CloudFormation schema validation
  // stays off here (tens of seconds on a busy machine); `npm run synth` runs it.
  synth = synthStack({ withNag: true });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the stack', () => {
    expect(findingsOf(synth.app)).toEqual([]);
  });

  it('finds nothing unacknowledged with an external OIDC issuer and an alarm topic', () => {
    const external = synthStack({
      oidcIssuer: 'https://login.example.com/realms/shop',
      oidcAudience: ['mailbridge'],
      alarmEmail: 'ops@shop.example',
      withNag: true,
    });

    expect(findingsOf(external.app)).toEqual([]);
    expect(external.template.findResources('AWS::Cognito::UserPool')).toEqual({});
  });

  it('still reports a finding nobody acknowledged', () => {
    const app = new App();
    new sqs.Queue(new Stack(app, 'Careless'), 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });

    expect(findingsOf(app)).toEqual(expect.arrayContaining([
      'AwsSolutions-SQS2 at Careless/Plain/Resource',
      'AwsSolutions-SQS4 at Careless/Plain/Resource',
    ]));
  });
});
