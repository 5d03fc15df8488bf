import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENV } from '../../../shared/config/names.js';
import { aLambdaContext, anHttpEvent } from '../../support/events.js';

/** What the openapi function's role may not read (the stack grants it nothing). */
const WITHHELD = [ENV.appSecretId, ENV.cursorKey, ENV.tableName, ENV.stripeSecretKey, ENV.stripeWebhookSecret];

describe('the openapi function', () => {
  const saved = new Map<string, string | undefined>();
  beforeEach(() => { for (const name of WITHHELD) { saved.set(name, process.env[name]); delete process.env[name]; } });
  afterEach(() => { for (const [name, value] of saved) if (value !== undefined) process.env[name] = value; });

  it('serves the document without the app secret, the cursor key or the table', async () => {
    const { handler } = await import('../../../functions/openapi.js');

    const res = await handler(anHttpEvent({ routeKey: 'GET /openapi.json' }), aLambdaContext()) as { statusCode: number; body: string };

    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ openapi: expect.stringMatching(/^3\.1/), paths: expect.objectContaining({ '/openapi.json': expect.anything() }) });
  });
});
