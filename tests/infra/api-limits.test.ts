import { App, Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_THROTTLE } from '../../shared/config/names.js';
import { DEFAULT_RESERVED_CONCURRENCY, Functions } from '../../infra/constructs/functions.js';
import { FUNCTIONS, QUEUES, type FunctionName } from '../../shared/config/names.js';
import { routeKeyOf } from '../../shared/http/contract.js';
import { stubBundles, synthStack, WEBHOOK_ROUTE, type SynthesizedStack } from './support/synth-stack.js';
import { functionIds, resourcesOf } from './support/template-queries.js';

/** Lambda's default account limit, and the part AWS keeps unreserved whatever is reserved. */
const ACCOUNT_CONCURRENCY = 1_000;
const MIN_UNRESERVED = 100;
let synth: SynthesizedStack;
beforeAll(() => {
  synth = synthStack();
});

const stageOf = (s: SynthesizedStack) => Object.values(resourcesOf(s.template, 'AWS::ApiGatewayV2::Stage'))[0]!;

describe('API throttles', () => {
  it('gives every route a throttle of its own, the Stripe webhook with values apart from API traffic', () => {
    const stage = stageOf(synth);
    const settings = stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const webhook = settings[WEBHOOK_ROUTE];

    expect(Object.keys(settings).sort()).toEqual(synth.contracts.map(routeKeyOf).sort());
    expect(webhook).toEqual({ ThrottlingRateLimit: API_THROTTLE.routes[WEBHOOK_ROUTE]!.rateLimit, ThrottlingBurstLimit: API_THROTTLE.routes[WEBHOOK_ROUTE]!.burstLimit });
    expect(webhook).not.toEqual({
      ThrottlingRateLimit: stage.Properties.DefaultRouteSettings.ThrottlingRateLimit,
      ThrottlingBurstLimit: stage.Properties.DefaultRouteSettings.ThrottlingBurstLimit,
    });
    for (const [route, limits] of Object.entries(settings)) {
      expect(limits.ThrottlingRateLimit, route).toBeGreaterThan(0);
      expect(limits.ThrottlingBurstLimit, route).toBeGreaterThanOrEqual(1);
    }
  });

  it('creates the routes before the stage that names them', () => {
    const routeIds = Object.keys(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Route'));

    expect(stageOf(synth).DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('takes a route throttle as a prop and refuses one for a route that does not exist', () => {
    const custom = synthStack({ routeThrottles: { 'GET /contacts': { rateLimit: 7, burstLimit: 9 } } });
    const build = () => synthStack({ routeThrottles: { 'GET /nowhere': { rateLimit: 1, burstLimit: 1 }, 'POST /elsewhere': { rateLimit: 1, burstLimit: 1 } } });

    expect(stageOf(custom).Properties.RouteSettings['GET /contacts']).toEqual({ ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 });
    expect(build).toThrow(/GET \/nowhere.*POST \/elsewhere/s);
  });

  it('keeps every default route throttle on a route that exists', () => {
    expect(Object.keys(API_THROTTLE.routes).filter((route) => !synth.contracts.map(routeKeyOf).includes(route))).toEqual([]);
  });
});

describe('reserved concurrency', () => {
  it('reserves a floor for the Stripe webhook and each pipeline worker, and leaves at least 100 of 1,000 unreserved', () => {
    const ids = functionIds(synth.template);
    const lambdas = resourcesOf(synth.template, 'AWS::Lambda::Function');
    const reserved = Object.fromEntries((Object.keys(FUNCTIONS) as FunctionName[])
      .map((name) => [name, lambdas[ids[name]]?.Properties.ReservedConcurrentExecutions as number | undefined]));
    const total = Object.values(reserved).reduce<number>((sum, n) => sum + (n ?? 0), 0);

    console.log(`reserved concurrency: ${JSON.stringify(reserved)}; total ${total} of ${ACCOUNT_CONCURRENCY}, unreserved ${ACCOUNT_CONCURRENCY - total}`);
    expect(reserved['stripe-webhook']).toBeGreaterThan(0);
    for (const spec of Object.values(QUEUES)) expect(reserved[spec.consumer], spec.consumer).toBeGreaterThanOrEqual(spec.maxConcurrency);
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      if (FUNCTIONS[name].trigger === 'http') expect(reserved[name], name).toBeUndefined();
    }
    expect(ACCOUNT_CONCURRENCY - total).toBeGreaterThanOrEqual(MIN_UNRESERVED);
  });

  it('takes the reservations as a prop and refuses a worker reserved below its queue concurrency', () => {
    const none = synthStack({ reservedConcurrency: {} });
    const build = (reservedConcurrency: Partial<Record<FunctionName, number>>) => () =>
      new Functions(new Stack(new App(), 'S'), 'Fns', { bundles: stubBundles(), environment: {}, reservedConcurrency });

    expect(Object.values(resourcesOf(none.template, 'AWS::Lambda::Function')).filter((f) => f.Properties.ReservedConcurrentExecutions !== undefined)).toEqual([]);
    expect(build({ 'link-message': QUEUES.link.maxConcurrency - 1, 'parse-message': 0 }))
      .toThrow(/link-message.*below.*parse-message/s);
    expect(build({ ...DEFAULT_RESERVED_CONCURRENCY })).not.toThrow();
  });
});
