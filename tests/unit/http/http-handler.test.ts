import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLAIMS } from '../../../shared/config/names.js';
import { NotFoundError } from '../../../shared/domain/errors.js';
import { contract } from '../../../shared/http/contract.js';
import { httpHandler, implement } from '../../../shared/http/http-handler.js';
import { aLambdaContext, anHttpEvent } from '../../support/events.js';

const createThing = contract({
  operationId: 'createThing', method: 'POST', path: '/things', fn: 'contacts-api', summary: 'Create', tag: 't',
  body: z.strictObject({ name: z.string().min(1), lines: z.array(z.strictObject({ quantity: z.number().int().min(1) })).optional() }),
});
const getThing = contract({
  operationId: 'getThing', method: 'GET', path: '/things/{id}', fn: 'contacts-api', summary: 'Get', tag: 't',
  params: z.object({ id: z.string() }),
});
const purge = contract({ operationId: 'purge', method: 'DELETE', path: '/things', fn: 'contacts-api', summary: 'Purge', tag: 't', role: 'admin' });

const handler = httpHandler(
  implement(createThing, async ({ body, auth }) => ({ body: { name: body.name, spaceId: auth.spaceId } })),
  implement(getThing, async ({ params }) => { if (params.id === 'boom') throw new Error('secret detail'); throw new NotFoundError('thing', params.id); }),
  implement(purge, async () => ({ status: 204 })),
);

const call = async (event: Parameters<typeof anHttpEvent>[0]) => {
  const res = (await handler(anHttpEvent(event), aLambdaContext())) as { statusCode: number; headers: Record<string, string>; body: string };
  return { status: res.statusCode, type: res.headers['content-type'], body: res.body ? JSON.parse(res.body) : undefined };
};

describe('httpHandler', () => {
  it('runs the operation with the Space from the token claims', async () => {
    const res = await call({ routeKey: 'POST /things', body: { name: 'a' } });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ name: 'a', spaceId: 'space-a' });
  });

  it('names every unknown field and wrong type in a 400 problem', async () => {
    const res = await call({ routeKey: 'POST /things', body: { name: 'a', spaceId: 'b', lines: [{ quantity: 0 }] } });

    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.type).toMatch(/\/validation-failed$/);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/lines/0/quantity', '#/spaceId']);
  });

  it('answers a body that is not JSON with malformed-body', async () => {
    const res = await call({ routeKey: 'POST /things', rawBody: '{"name":' });

    expect(res.status).toBe(400);
    expect(res.body.type).toMatch(/\/malformed-body$/);
  });

  it('refuses a body that is not JSON by content type', async () => {
    const res = await call({ routeKey: 'POST /things', rawBody: 'name=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    expect(res.status).toBe(415);
  });

  it('refuses a token without a Space claim', async () => {
    const res = await call({ routeKey: 'POST /things', body: { name: 'a' }, claims: { sub: 'u' } });

    expect(res.status).toBe(401);
    expect(res.body.type).toMatch(/\/unauthorized$/);
  });

  it('refuses an admin route to staff and allows it to admins', async () => {
    const staff = await call({ routeKey: 'DELETE /things' });
    const admin = await call({ routeKey: 'DELETE /things', claims: { sub: 'u', [CLAIMS.space]: 's', [CLAIMS.role]: 'admin' } });

    expect(staff.status).toBe(403);
    expect(admin.status).toBe(204);
  });

  it('renders domain errors with their code', async () => {
    const res = await call({ routeKey: 'GET /things/{id}', pathParameters: { id: 'x' } });

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ title: 'No such resource', status: 404, instance: 'req-1' });
  });

  it('hides the cause of an unexpected error behind a bare 500', async () => {
    const res = await call({ routeKey: 'GET /things/{id}', pathParameters: { id: 'boom' } });

    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret detail');
    expect(res.body.detail).toBeUndefined();
  });
});
