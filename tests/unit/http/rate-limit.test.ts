import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../../../shared/http/contract.js';
import { CONTRACTS } from '../../../shared/http/contracts/index.js';
import { toProblem } from '../../../shared/http/problem.js';
import { createRateLimiter, effectiveLimit, isLimited, rateLimitScale } from '../../../shared/http/rate-limit.js';
import { rateWindowKey } from '../../../shared/store/keys.js';
import { createMemoryRateLimitStore } from '../../../shared/store/rate-limit-store.js';

const at = (iso: string) => Date.parse(iso);

async function outcomeOf(run: () => Promise<void>): Promise<'passed' | Record<string, unknown>> {
  try {
    await run();
    return 'passed';
  } catch (error) {
    return toProblem(error);
  }
}

describe('the per-Space rate limiter', () => {
  afterEach(() => { delete process.env.RATE_LIMIT_SCALE; });

  it('lets exactly the limit through in one window and refuses the rest with the seconds left', async () => {
    let now = at('2026-03-01T10:00:15Z');
    const limiter = createRateLimiter(createMemoryRateLimitStore(), () => now);

    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await outcomeOf(() => limiter.enforce('space-a', 'testMailbox', { perMinute: 3 })));

    expect(outcomes.slice(0, 3)).toEqual(['passed', 'passed', 'passed']);
    expect(outcomes[3]).toMatchObject({ status: 429, type: expect.stringMatching(/\/too-many-requests$/), retryAfter: 45 });
    now = at('2026-03-01T10:01:00Z');
    expect(await outcomeOf(() => limiter.enforce('space-a', 'testMailbox', { perMinute: 3 }))).toBe('passed');
  });

  it('counts each Space and each operation separately', async () => {
    const limiter = createRateLimiter(createMemoryRateLimitStore(), () => at('2026-03-01T10:00:00Z'));
    await limiter.enforce('space-a', 'testMailbox', { perMinute: 1 });

    expect(await outcomeOf(() => limiter.enforce('space-b', 'testMailbox', { perMinute: 1 }))).toBe('passed');
    expect(await outcomeOf(() => limiter.enforce('space-a', 'syncMailbox', { perMinute: 1 }))).toBe('passed');
    expect(await outcomeOf(() => limiter.enforce('space-a', 'testMailbox', { perMinute: 1 }))).not.toBe('passed');
  });

  it('keys the counter in the Space partition by bucket and window start', () => {
    expect(rateWindowKey('s1', 'draftOrder', 60_000)).toEqual({ pk: 'space#s1', sk: 'rate#draftOrder#60000' });
  });

  it('scales limits by RATE_LIMIT_SCALE, never below one call', () => {
    process.env.RATE_LIMIT_SCALE = '0.1';

    expect(effectiveLimit({ perMinute: 20 })).toBe(2);
    expect(effectiveLimit({ perMinute: 5 })).toBe(1);
  });

  it('names RATE_LIMIT_SCALE when it is not a positive number', () => {
    process.env.RATE_LIMIT_SCALE = 'lots';

    expect(() => rateLimitScale()).toThrow(/RATE_LIMIT_SCALE/);
  });

  it('limits a whenQuery operation only when the parameter is sent', () => {
    const limit = { perMinute: 10, whenQuery: 'q' };

    expect(isLimited(limit, { q: 'anna' })).toBe(true);
    expect(isLimited(limit, { status: 'active' })).toBe(false);
    expect(isLimited(undefined, { q: 'anna' })).toBe(false);
  });

  it('declares a limit on search, mailbox test, sync, preview and OAuth2 start, draft-order and the assistant only', () => {
    const limited = CONTRACTS.filter((c) => c.rateLimit).map((c) => c.operationId).sort();

    expect(limited).toEqual([
      'analyseCustomerMail', 'briefOnCompany', 'draftFollowUp', 'draftOrder', 'draftProposal', 'listContacts', 'prepareCall',
      'previewMailbox', 'smartProfile', 'startMailboxOAuth', 'summariseThread', 'syncMailbox', 'testMailbox',
    ]);
    expect(contract({ operationId: 'x', method: 'GET', path: '/x', fn: 'contacts-api', summary: 's', tag: 't', query: z.object({}) }).rateLimit).toBeUndefined();
  });
});
