import type { ThrottleSettings } from '../../../shared/config/names.js';

/**
 * HTTP API's throttling: one token bucket per route (shared by every caller of that route), sized
 * by the route's own settings or the stage default. `take` answers false when the bucket is empty.
 */
export function createRouteThrottle(settingsFor: (routeKey: string) => ThrottleSettings, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number; settings: ThrottleSettings }>();
  return {
    take(routeKey: string): boolean {
      const t = now();
      let bucket = buckets.get(routeKey);
      if (bucket === undefined) {
        const settings = settingsFor(routeKey);
        bucket = { tokens: settings.burstLimit, at: t, settings };
        buckets.set(routeKey, bucket);
      }
      const { rateLimit, burstLimit } = bucket.settings;
      bucket.tokens = Math.min(burstLimit, bucket.tokens + ((t - bucket.at) / 1000) * rateLimit);
      bucket.at = t;
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
