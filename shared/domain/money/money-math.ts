import { DomainError } from '../errors.js';

/** An amount left the range of exactly representable integers (Number.MAX_SAFE_INTEGER). */
export class MoneyOverflowError extends DomainError {
  readonly code = 'money-overflow';
  constructor(what: string) {
    super(`${what} exceeds the largest safe amount`, { what });
  }
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
/** Percentages carry at most 4 decimals, so they scale to integers of 1/1,000,000. */
const PCT_SCALE = 10_000;

function toSafe(value: bigint, what: string): number {
  if (value > MAX || value < -MAX) throw new MoneyOverflowError(what);
  return Number(value);
}

function assertAmount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer in minor units`);
  }
}

/** Divides with banker's rounding (half to even); both operands non-negative, divisor > 0. */
function divideHalfEven(numerator: bigint, divisor: bigint): bigint {
  const quotient = numerator / divisor;
  const twiceRest = (numerator % divisor) * 2n;
  if (twiceRest > divisor || (twiceRest === divisor && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/**
 * Unit price after a percentage discount, in minor units: `unit × (100 − pct) / 100` rounded half
 * to even (so 0.5 minor units go to the even neighbour, avoiding a systematic bias over many lines).
 * `pct` is 0..100 with at most 4 decimals.
 * @example applyDiscountPct(1005, 10) // 904.5 -> 904; applyDiscountPct(1015, 10) // 913.5 -> 914
 */
export function applyDiscountPct(unitAmountMinor: number, pct: number): number {
  assertAmount(unitAmountMinor, 'unitAmount');
  const scaled = pct * PCT_SCALE;
  if (!Number.isFinite(pct) || pct < 0 || pct > 100 || Math.abs(scaled - Math.round(scaled)) > 1e-6) {
    throw new RangeError('discount pct must be within 0..100 with at most 4 decimals');
  }
  const keep = BigInt(100 * PCT_SCALE - Math.round(scaled));
  return toSafe(divideHalfEven(BigInt(unitAmountMinor) * keep, BigInt(100 * PCT_SCALE)), 'unitAmount');
}

/**
 * Price of one line (unit × quantity) in minor units.
 * @throws MoneyOverflowError past Number.MAX_SAFE_INTEGER
 */
export function lineTotal(unitAmountMinor: number, quantity: number): number {
  assertAmount(unitAmountMinor, 'unitAmount');
  assertAmount(quantity, 'quantity');
  return toSafe(BigInt(unitAmountMinor) * BigInt(quantity), 'line total');
}

/**
 * Sum of all line totals in minor units.
 * @throws MoneyOverflowError past Number.MAX_SAFE_INTEGER
 */
export function orderTotal(lines: readonly { unitAmount: number; quantity: number }[]): number {
  let sum = 0n;
  for (const line of lines) sum += BigInt(lineTotal(line.unitAmount, line.quantity));
  return toSafe(sum, 'order total');
}
