import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementsOf } from '../../../infra/constructs/access-table.js';
import { createBundleRuntime, type BundleRuntime } from '../../../infra/local/function-host/bundle-runtime.js';
import { createFunctionPool } from '../../../infra/local/function-host/function-pool.js';
import { localAccessArns, localRoleArn } from '../../../infra/local/function-host/local-arns.js';
import { buildLocalBundles, type LocalBundles } from '../../../infra/local/function-host/local-bundles.js';
import { FunctionTimeoutError } from '../../../infra/local/function-runtime.js';
import { startGateway, type Gateway } from '../../../infra/local/gateway/server.js';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';
import { type FunctionName } from '../../../shared/config/names.js';
import { contract } from '../../../shared/http/contract.js';
import { localStack } from '../../support/local-stack.js';

/** A fixture entry bundled in place of three functions, each run in processes of its own. */
const FAULTY = 'tests/fixtures/functions/faulty.ts';
// poll-mailboxes (256 MB, 60 s) exhausts its heap well within its timeout even on a loaded machine.
const FIXTURE_FUNCTIONS = ['products-api', 'settings-api', 'openapi', 'poll-mailboxes'] as const satisfies readonly FunctionName[];
const route = (path: string, fn: FunctionName) =>
  contract({ operationId: path.replace(/\W/g, '') || 'root', method: 'GET', path, fn, summary: path, tag: 'test', auth: 'none' });
const contracts = [
  route('/heap', 'poll-mailboxes'), route('/heap/pid', 'poll-mailboxes'), route('/exit', 'products-api'), route('/pid', 'products-api'),
  route('/ok', 'settings-api'), route('/iam', 'openapi'), route('/iam/granted', 'settings-api'),
];

let bundles: LocalBundles;
let runtime: BundleRuntime;
let gateway: Gateway;

beforeAll(async () => {
  const stack = localStack();
  bundles = await buildLocalBundles({ root: REPO_ROOT, only: FIXTURE_FUNCTIONS, entries: Object.fromEntries(FIXTURE_FUNCTIONS.map((fn) => [fn, FAULTY])) });
  const env = stack.functionEnv.openapi;
  const arns = localAccessArns({
    tableName: stack.tableName, bucket: stack.bucket, mailboxKeyArn: env.MAILBOX_KEY_ID!, appSecretArn: env.APP_SECRET_ID!, mailFrom: env.MAIL_FROM!,
    configurationSet: env.SES_CONFIGURATION_SET!,
    queueUrls: { sync: stack.queues.sync.url, parse: stack.queues.parse.url, link: stack.queues.link.url },
  });
  runtime = createBundleRuntime({ bundles, envFor: (fn) => ({ ...stack.functionEnv[fn] }), statementsFor: (fn) => statementsOf(fn, arns) });
  gateway = await startGateway({ port: 0, contracts, runtime, throttleFor: () => ({ rateLimit: 1000, burstLimit: 1000 }), authorizerFor: () => async () => ({ ok: false }) });
}, 120_000);
afterAll(async () => {
  await gateway?.stop();
  await runtime?.stop();
});

const get = async (path: string) => {
  const res = await fetch(`${gateway.url}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

describe('function processes: a failing function fails only its own invocation', () => {
  it('answers 500 like HTTP API when a handler exhausts its heap, while another function keeps answering', async () => {
    const before = await get('/heap/pid');
    const started = Date.now();

    const [heap, ...others] = await Promise.all([get('/heap'), ...Array.from({ length: 5 }, () => get('/ok'))]);
    const after = await get('/heap/pid');

    expect(heap).toEqual({ status: 500, type: 'application/json', body: { message: 'Internal Server Error' } });
    expect(others.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(after.status).toBe(200);
    expect(after.body.pid).not.toBe(before.body.pid);
    console.log(`heap exhausted in ${Date.now() - started} ms; poll-mailboxes pid ${before.body.pid} before, ${after.body.pid} after`);
  }, 120_000);

  it('answers 500 like HTTP API when a handler calls process.exit, and the next invocation gets a fresh process', async () => {
    const first = await get('/pid');

    const exit = await get('/exit');
    const next = await get('/pid');
    const other = await get('/ok');

    expect(exit).toEqual({ status: 500, type: 'application/json', body: { message: 'Internal Server Error' } });
    expect(next.status).toBe(200);
    expect(next.body.pid).not.toBe(first.body.pid);
    expect(other.status).toBe(200);
  });

  it('starts a function with the stack environment only, not the parent process environment', async () => {
    process.env.MAILBRIDGE_TEST_LEAK = 'parent-only';

    const { body } = await get('/pid');

    expect(body.env).toEqual(expect.arrayContaining(['TABLE_NAME', 'APP_SECRET_ID', 'MAILBOX_KEY_ID', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_INITIALIZATION_TYPE']));
    expect(body.env).not.toContain('MAILBRIDGE_TEST_LEAK');
    expect(body.env).not.toContain('CURSOR_KEY');
    expect(body.env).not.toContain('STRIPE_WEBHOOK_SECRET');
  });

  it('kills a process that runs past its timeout, as Lambda does', async () => {
    const pool = createFunctionPool({
      fn: 'products-api', hostFile: bundles.hostFile, bundle: bundles.bundleOf('products-api'), memoryMb: 256, timeoutSeconds: 1,
      roleArn: localRoleArn('products-api'), statements: [], env: () => ({ ...localStack().functionEnv['products-api'] }),
      maxProcesses: 1, idleMs: 60_000, initTimeoutMs: 30_000,
    });
    try {
      const hung = pool.invoke({ rawPath: '/hang' });
      await new Promise((r) => setTimeout(r, 200));
      const pids = pool.pids();

      await expect(hung).rejects.toBeInstanceOf(FunctionTimeoutError);
      const answer = (await pool.invoke({ rawPath: '/pid' })) as { body: string };

      expect(pids).toHaveLength(1);
      expect(pool.pids()).not.toContain(pids[0]);
      expect((JSON.parse(answer.body) as { pid: number }).pid).not.toBe(pids[0]);
    } finally {
      await pool.stop();
    }
  });
});

describe('function processes: IAM grants from the access table', () => {
  it('refuses an SDK call outside the function grants with AWS AccessDenied, and allows a granted one', async () => {
    const denied = await get('/iam');
    const granted = await get('/iam/granted');

    expect(denied.status).toBe(200);
    expect(denied.body.getItem).toEqual({
      ok: false, name: 'AccessDeniedException', status: 400,
      message: `User: arn:aws:sts::123456789012:assumed-role/mailbridge-local-openapi-role/mailbridge-local-openapi is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/${localStack().tableName} because no identity-based policy allows the dynamodb:GetItem action`,
    });
    expect(denied.body.secret).toMatchObject({ ok: false, name: 'AccessDeniedException' });
    expect(granted.body).toEqual({ getItem: { ok: true }, secret: { ok: true } });
  });
});
