import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { contract, type Contract } from '../../../shared/http/contract.js';
import { CONTRACTS } from '../../../shared/http/contracts/index.js';
import { bundleFunctions, type Bundles } from '../../../infra/bundle.js';
import { MailbridgeStack, type MailbridgeStackProps } from '../../../infra/mailbridge-stack.js';

/** A synthesized Mailbridge stack, its template and the app it lives in. */
export interface SynthesizedStack {
  readonly app: App;
  readonly stack: MailbridgeStack;
  readonly template: Template;
  readonly bundles: Bundles;
  readonly contracts: readonly Contract[];
}

export interface SynthOptions extends Partial<MailbridgeStackProps> {
  /** Register cdk-nag AwsSolutions as app.ts does, so synthesis fails on any unacknowledged finding. */
  readonly withNag?: boolean;
  /** Run CDK's built-in CloudFormation schema validation too (several seconds). @default false */
  readonly withCfnValidation?: boolean;
}

export const WEBHOOK_ROUTE = 'POST /webhooks/stripe';
export const OPENAPI_ROUTE = 'GET /openapi.json';

/** CONTRACTS, plus a stand-in Stripe webhook until its real contract is written. */
export const contractsWithWebhook = (): readonly Contract[] =>
  CONTRACTS.some((c) => `${c.method} ${c.path}` === WEBHOOK_ROUTE)
    ? CONTRACTS
    : [...CONTRACTS, contract({
      operationId: 'receiveStripeEvent', method: 'POST', path: '/webhooks/stripe', fn: 'stripe-webhook',
      summary: 'Stripe webhook (test stand-in)', tag: 'payments', auth: 'none', rawBody: true, publicBecause: 'test stand-in',
    })];

const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }).context;

/** Stub entry bundled in place of function entries that are not written yet. */
export const STUB_ENTRY = fileURLToPath(new URL('../fixtures/stub-handler.ts', import.meta.url));

/** Real bundles of every entry that exists (the stub for the others), in a temp folder. */
export const bundleWithStubs = (): Bundles =>
  bundleFunctions({ outdir: mkdtempSync(join(tmpdir(), 'mailbridge-bundles-')), stubEntry: STUB_ENTRY });

/**
 * One stub handler for every function. Template tests use it: they check the stack, not the code,
 * and stay independent of function entries that other work has half-written (bundle.test.ts builds those).
 */
export function stubBundles(): Bundles {
  const dir = mkdtempSync(join(tmpdir(), 'mailbridge-stub-'));
  writeFileSync(join(dir, 'index.mjs'), 'export const handler = async () => ({ statusCode: 204 });\n');
  return { dirOf: () => dir, stubbed: [], inputsOf: () => [] };
}

/** Synthesizes the stack (stub code unless `bundles` is given) with the feature flags of cdk.json. */
export function synthStack(options: SynthOptions = {}): SynthesizedStack {
  const { withNag, withCfnValidation, ...overrides } = options;
  const bundles = overrides.bundles ?? stubBundles();
  const app = new App({
    context: cdkJsonContext(),
    outdir: mkdtempSync(join(tmpdir(), 'mailbridge-cdk-')),
    builtinCloudFormationValidation: withCfnValidation ?? false,
  });
  const contracts = overrides.contracts ?? contractsWithWebhook();
  const stack = new MailbridgeStack(app, 'MailbridgeTest', {
    env: { account: '123456789012', region: 'eu-west-1' },
    bundles,
    mailFrom: 'orders@shop.example',
    contracts,
    ...overrides,
  });
  if (withNag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, template: Template.fromStack(stack), bundles, contracts };
}
