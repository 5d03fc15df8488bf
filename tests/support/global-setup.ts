import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { localOAuthService } from '../../infra/local/oauth/oauth-service.js';
import { fakeStripeService } from '../../infra/local/stripe/stripe-service.js';
import { startDovecot } from './dovecot.js';
import { throttleFor } from '../../shared/config/names.js';
import { startLocalStack } from '../../infra/local/local-stack.js';
import { FUNCTIONS, type FunctionName } from '../../shared/config/names.js';
import type { ProvidedStack } from './local-stack.js';
import { OAUTH_GATEWAY_USERS } from './oauth-users.js';

/** Short visibility so redelivery and DLQ tests finish in seconds. */
const TEST_VISIBILITY_SECONDS = 2;

/**
 * Every test file of the run shares this one gateway, so one route's bucket would be drained by
 * files that have nothing to do with each other. The buckets keep their shape with 20 times the
 * room; the gateway's throttling itself is tested on a gateway of its own (gateway-events.test.ts).
 */
const TEST_THROTTLE_SCALE = 20;
const testThrottle = (routeKey: string) => {
  const { rateLimit, burstLimit } = throttleFor(routeKey);
  return { rateLimit: rateLimit * TEST_THROTTLE_SCALE, burstLimit: burstLimit * TEST_THROTTLE_SCALE };
};

/**
 * Starts the whole local stack once for the integration run: in-memory DynamoDB, temp dirs, free
 * ports, queue pollers with short visibility, no schedule (tests invoke poll-mailboxes themselves).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startLocalStack({
    persistent: false,
    visibilityTimeoutSeconds: TEST_VISIBILITY_SECONDS,
    scheduler: false,
    throttleFor: testThrottle,
    // The functions log at INFO into their log groups (leak checks read them), not into the test output.
    functionLogs: { level: 'INFO', echo: false },
    // Payments as npm start has them: the fake Stripe API, whose checkout page delivers signed events.
    // OAuth2 mailboxes as a deployment has them: the local authorization server, and a Dovecot whose
    // oauth2 passdb checks its tokens (the users below are the only ones it knows).
    extraServices: [fakeStripeService(), localOAuthService({
      imap: (introspectionUrl) => startDovecot({ users: OAUTH_GATEWAY_USERS.map((user) => ({ user, password: randomUUID() })), oauth2IntrospectionUrl: introspectionUrl }),
    })],
    log: (message, fields) => console.error(`[local-stack] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`),
  });
  const provided: ProvidedStack = {
    apiUrl: stack.apiUrl,
    mailViewerUrl: stack.mailViewerUrl,
    smsViewerUrl: stack.smsViewerUrl,
    endpoints: stack.endpoints,
    env: stack.env,
    tableName: stack.tableName,
    bucket: stack.bucket,
    queues: {
      sync: pickQueue(stack.queues.sync), parse: pickQueue(stack.queues.parse), link: pickQueue(stack.queues.link),
    },
    visibilityTimeoutSeconds: TEST_VISIBILITY_SECONDS,
    functionEnv: Object.fromEntries((Object.keys(FUNCTIONS) as FunctionName[]).map((fn) => [fn, stack.functionEnv(fn)])) as ProvidedStack['functionEnv'],
    idp: { issuer: stack.issuer, audience: stack.audience, kid: stack.idp.kid, privateKeyPem: stack.idp.privateKeyPem },
    logDir: stack.logDir,
  };
  project.provide('stack', provided);
  return () => stack.stop();
}

function pickQueue(q: { url: string; arn: string; dlqUrl: string; dlqArn: string }) {
  return { url: q.url, arn: q.arn, dlqUrl: q.dlqUrl, dlqArn: q.dlqArn };
}
