import { ConfigError, optionalEnv } from '../config/config.js';
import { ENV } from '../config/names.js';
import type { RateLimitStore } from '../store/rate-limit-store.js';
import type { RateLimit } from './contract.js';
import { HttpProblemError } from './problem.js';

const WINDOW_MS = 60_000;

/** RATE_LIMIT_SCALE as a positive number (default 1). @throws ConfigError when malformed */
export const rateLimitScale = (): number => {
  const raw = optionalEnv('rateLimitScale');
  if (raw === undefined) return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${ENV.rateLimitScale} must be a positive number, got "${raw}"`);
  return value;
};

/** The effective calls per window: the contract's limit times the scale, at least 1. */
export const effectiveLimit = (limit: RateLimit, scale = rateLimitScale()): number => Math.max(1, Math.floor(limit.perMinute * scale));

/** Whether this call counts against the limit (`whenQuery`: only calls sending that parameter). */
export const isLimited = (limit: RateLimit | undefined, query: unknown): limit is RateLimit => {
  if (!limit) return false;
  if (limit.whenQuery === undefined) return true;
  const value = (query as Record<string, unknown> | undefined)?.[limit.whenQuery];
  return value !== undefined && value !== '';
};

/**
 * A per-Space fixed-window limiter (A5). Each call costs one conditional write; a refused call
 * throws `too-many-requests` carrying the seconds until the window ends.
 */
export const createRateLimiter = (store: RateLimitStore, now: () => number = Date.now) => ({
  async enforce(spaceId: string, bucket: string, limit: RateLimit): Promise<void> {
    const at = now();
    const startMs = at - (at % WINDOW_MS);
    const max = effectiveLimit(limit);
    if (await store.take({ spaceId, bucket, startMs, lengthMs: WINDOW_MS, limit: max })) return;
    const retryAfter = Math.max(1, Math.ceil((startMs + WINDOW_MS - at) / 1000));
    throw new HttpProblemError('too-many-requests', `At most ${max} calls per minute for this operation`, { retryAfter });
  },
});

export type RateLimiter = ReturnType<typeof createRateLimiter>;
