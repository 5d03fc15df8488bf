import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLAIMS } from '../../../shared/config/names.js';
import { testMailboxOp } from '../../../shared/http/contracts/mailboxes.js';
import { effectiveLimit } from '../../../shared/http/rate-limit.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { aLambdaContext, anHttpEvent } from '../../support/events.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { seedContacts, writeSeed } from '../../support/seed-contacts.js';

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

/** POST /mailboxes/test on the mailboxes-api handler in this worker, where RATE_LIMIT_SCALE is small. */
async function testMailbox(spaceId: string) {
  const { handler } = (await import('../../../functions/mailboxes-api.js')) as unknown as { handler: Handler };
  const event = anHttpEvent({
    routeKey: 'POST /mailboxes/test', body: { host: '127.0.0.1', port: 1, security: 'plain', allowInsecure: true, username: 'u', password: 'p' },
    claims: { sub: 'admin-1', [CLAIMS.space]: spaceId, [CLAIMS.role]: 'admin' },
  });
  const res = await handler(event, aLambdaContext());
  return { status: res.statusCode ?? 0, headers: (res.headers ?? {}) as Record<string, string>, body: JSON.parse(res.body ?? '{}') as Record<string, unknown> };
}

beforeAll(() => {
  useLocalStackEnv();
  process.env.RATE_LIMIT_SCALE = '0.25'; // testMailbox: 20/min → 5
});

describe('resource consumption limits (A5)', () => {
  it('refuses a search text over 256 characters', async () => {
    const api = apiAs(newSpaceId());

    const reply = await api.get(`/contacts?q=${'a'.repeat(257)}`);

    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([expect.objectContaining({ in: 'query', pointer: '#/q' })]);
    expect((await api.get(`/contacts?q=${'a'.repeat(256)}`)).status).toBe(200);
  });

  it('clamps limit=1e6 to a page of 100', async () => {
    const spaceId = newSpaceId();
    await writeSeed(defaultTable(), seedContacts(spaceId, 105));

    const reply = await apiAs(spaceId).get('/contacts?limit=1e6');

    expect(reply.status).toBe(200);
    expect(reply.body.items).toHaveLength(100);
    expect(reply.body.nextCursor).toEqual(expect.any(String));
  });

  it('lets exactly the per-Space budget of mailbox tests through, answers the rest 429 and leaves other Spaces alone', async () => {
    const limit = effectiveLimit(testMailboxOp.rateLimit!);
    const busy = `rl${ulid().toLowerCase()}`;
    const calm = `rl${ulid().toLowerCase()}`;
    // Stay inside one minute window so the count is exact.
    const msLeft = 60_000 - (Date.now() % 60_000);
    if (msLeft < 10_000) await new Promise((r) => setTimeout(r, msLeft + 50));

    // All at once: a mailbox test to a closed port takes the 8 s unreachable floor, in series 48 s.
    const [other, ...replies] = await Promise.all([testMailbox(calm), ...Array.from({ length: limit + 5 }, () => testMailbox(busy))]);

    const limited = replies.filter((r) => r.status === 429);
    expect(limit).toBe(5);
    expect(replies.filter((r) => r.status !== 429).map((r) => r.status)).toEqual([422, 422, 422, 422, 422]);
    expect(limited).toHaveLength(5);
    for (const r of limited) {
      expect(r.headers['content-type']).toBe('application/problem+json');
      expect(r.body).toMatchObject({ type: 'https://mailbridge.dev/problems/too-many-requests', status: 429 });
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    expect(other.status).not.toBe(429);
  });
});
