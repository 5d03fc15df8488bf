import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../../shared/config/names.js';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';
import { aLambdaContext, anHttpEvent } from '../../support/events.js';

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
const run = promisify(execFile);

/** Runs `npm start`'s entry with extra arguments and environment; resolves with its exit and output. */
async function start(args: string[], env: Record<string, string> = {}) {
  try {
    const out = await run(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 30_000 });
    return { code: 0, stderr: out.stderr };
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? '' };
  }
}

describe('bad configuration', () => {
  it('answers a real API call with TABLE_NAME unset as a bare service-misconfigured problem', async () => {
    delete process.env.TABLE_NAME; // this worker never received the stack's environment
    const { handler } = (await import('../../../functions/companies-api.js')) as unknown as { handler: Handler };

    const res = await handler(anHttpEvent({ routeKey: 'GET /companies', claims: { sub: 'u1', [CLAIMS.space]: 'space-x', [CLAIMS.role]: 'staff' } }), aLambdaContext());

    expect(res.statusCode).toBe(500);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body ?? '{}')).toMatchObject({ type: 'https://mailbridge.dev/problems/service-misconfigured', status: 500 });
    expect(res.body).not.toMatch(/TABLE_NAME|stack|\.ts:\d/);
  });

  it('makes npm start exit 1 with one line and no stack trace', async () => {
    const result = await start(['--no-such-option']);

    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
    expect(lines).toEqual([expect.stringMatching(/^mailbridge: .*no-such-option/)]);
  });

  it('adds the stack trace when DEBUG is set', async () => {
    const result = await start(['--no-such-option'], { DEBUG: '1' });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^mailbridge: /m);
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});
