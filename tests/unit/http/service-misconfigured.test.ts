import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, requireEnv } from '../../../shared/config/config.js';
import { contract } from '../../../shared/http/contract.js';
import { httpHandler, implement } from '../../../shared/http/http-handler.js';
import { toProblem } from '../../../shared/http/problem.js';
import { logger } from '../../../shared/observability/logger.js';
import { aLambdaContext, anHttpEvent } from '../../support/events.js';

const readTable = contract({ operationId: 'readTable', method: 'GET', path: '/table', fn: 'contacts-api', summary: 'Read', tag: 't' });
const handler = httpHandler(implement(readTable, async () => ({ body: { table: requireEnv('tableName') } })));

/** The structured entries the logger is asked to write while `run` runs (its level resets per invocation). */
async function logsOf<T>(run: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const spies = (['error', 'warn', 'info'] as const).map((level) => vi.spyOn(logger, level).mockImplementation((message: unknown, ...extra: unknown[]) => {
    lines.push({ level: level.toUpperCase(), message, ...Object.assign({}, ...extra.filter((e) => typeof e === 'object')) });
  }));
  try {
    return { result: await run(), lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('a handler with a missing setting', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.TABLE_NAME;
    delete process.env.TABLE_NAME;
  });
  afterEach(() => {
    if (saved !== undefined) process.env.TABLE_NAME = saved;
  });

  it('answers a bare 500 service-misconfigured problem without the message or a stack', async () => {
    const { result } = await logsOf(() => handler(anHttpEvent({ routeKey: 'GET /table' }), aLambdaContext()));
    const res = result as { statusCode: number; headers: Record<string, string>; body: string };

    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body)).toEqual({
      type: 'https://mailbridge.dev/problems/service-misconfigured', title: 'The service is misconfigured', status: 500, instance: 'req-1',
    });
    expect(res.body).not.toMatch(/TABLE_NAME|Missing|at \w+ \(|\.ts:/);
  });

  it('logs one structured error that names the missing variable', async () => {
    const { lines } = await logsOf(() => handler(anHttpEvent({ routeKey: 'GET /table' }), aLambdaContext()));

    const errors = lines.filter((l) => l.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: 'service misconfigured', problem: 'service-misconfigured' });
    expect(String(errors[0]?.detail)).toContain('TABLE_NAME');
  });
});

describe('toProblem', () => {
  it('maps a ConfigError to service-misconfigured and keeps its message out of the body', () => {
    const problem = toProblem(new ConfigError('Missing environment variable CURSOR_KEY'));

    expect(problem).toEqual({ type: 'https://mailbridge.dev/problems/service-misconfigured', title: 'The service is misconfigured', status: 500 });
  });

  it('still renders anything unknown as a bare internal error', () => {
    expect(toProblem(new Error('db password is hunter2')).type).toMatch(/\/internal$/);
  });
});
