import { decayTo, HALF_LIFE_DAYS, type CustomerStats, type StatsOwner } from './customer-stats.js';

export type HealthBand = 'healthy' | 'at_risk' | 'critical';
export type HealthPartName = 'interactions' | 'orders' | 'payments' | 'coverage' | 'penalties';

/** One part of the score: `value` in 0..1 (penalties: 0..1 of the maximum deduction), `points` it adds (or removes). */
export interface HealthPart { readonly part: HealthPartName; readonly weight: number; readonly value: number; readonly points: number }
export interface HealthScore { readonly score: number; readonly band: HealthBand; readonly parts: readonly HealthPart[]; readonly computedAt: string }

/** Weights of the positive parts (sum 100 for a company); penalties deduct up to PENALTY_MAX. */
export const HEALTH_WEIGHTS = { interactions: 40, orders: 20, payments: 10, coverage: 30 } as const;
export const PENALTY_MAX = 40;
/** A decayed interaction count of this much (about one a week lately) earns the full interaction part. */
export const INTERACTIONS_FULL = 4;
export const PAID_ORDERS_FULL = 2;
const BOUNCE_POINTS = 5;
const COMPLAINT_POINTS = 20;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export const bandOf = (score: number): HealthBand => (score >= 70 ? 'healthy' : score >= 40 ? 'at_risk' : 'critical');

/** Recency-weighted interaction frequency: the decayed count (half-life 30 days) against INTERACTIONS_FULL. */
export const interactionPart = (s: CustomerStats, at: string): number =>
  clamp01(decayTo(s.interactions, at, HALF_LIFE_DAYS.interactions).value / INTERACTIONS_FULL);

/** Order activity: paid orders, decayed (half-life 90 days), against PAID_ORDERS_FULL. */
export const orderPart = (s: CustomerStats, at: string): number =>
  clamp01(decayTo(s.paidOrders, at, HALF_LIFE_DAYS.orders).value / PAID_ORDERS_FULL);

/** Payment state: share of recent orders paid rather than expired, cancelled or refunded; 0.5 with none. */
export function paymentPart(s: CustomerStats, at: string): number {
  const paid = decayTo(s.paidOrders, at, HALF_LIFE_DAYS.orders).value;
  const lost = decayTo(s.lostOrders, at, HALF_LIFE_DAYS.orders).value;
  return paid + lost < 0.05 ? 0.5 : clamp01(paid / (paid + lost));
}

/** Contact coverage of a company: half for a decision maker among its contacts, half for more than one contact. */
export const coveragePart = (s: CustomerStats): number =>
  ((s.decisionMakers ?? 0) > 0 ? 0.5 : 0) + ((s.contacts ?? 0) > 1 ? 0.5 : 0);

/** Bounces (5 points each) and complaints (20 each), decayed (half-life 90 days), as a share of PENALTY_MAX. */
export function penaltyPart(s: CustomerStats, at: string): number {
  const points = decayTo(s.bounces, at, HALF_LIFE_DAYS.penalties).value * BOUNCE_POINTS
    + decayTo(s.complaints, at, HALF_LIFE_DAYS.penalties).value * COMPLAINT_POINTS;
  return clamp01(points / PENALTY_MAX);
}

/**
 * The health score 0–100 as of `at`, with its parts. A contact has no coverage part: its other
 * weights are scaled up to 100 in the same proportions.
 */
export function healthScore(owner: StatsOwner['kind'], s: CustomerStats, at: string): HealthScore {
  const values = { interactions: interactionPart(s, at), orders: orderPart(s, at), payments: paymentPart(s, at), coverage: coveragePart(s) };
  const weights: Partial<Record<keyof typeof HEALTH_WEIGHTS, number>> = { ...HEALTH_WEIGHTS };
  if (owner === 'contact') {
    delete weights.coverage;
    const total = Object.values(weights).reduce((a, b) => a + b, 0);
    for (const k of Object.keys(weights) as (keyof typeof weights)[]) weights[k] = round1((weights[k]! * 100) / total);
  }
  const parts: HealthPart[] = (Object.entries(weights) as [keyof typeof HEALTH_WEIGHTS, number][])
    .map(([part, weight]) => ({ part, weight, value: round3(values[part]), points: round1(values[part] * weight) }));
  const penalty = penaltyPart(s, at);
  parts.push({ part: 'penalties', weight: PENALTY_MAX, value: round3(penalty), points: -round1(penalty * PENALTY_MAX) || 0 });
  const score = Math.round(Math.min(100, Math.max(0, parts.reduce((sum, p) => sum + p.points, 0))));
  return { score, band: bandOf(score), parts, computedAt: at };
}
