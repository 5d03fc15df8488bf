/**
 * Aggregates of one contact or company, kept on write: each event that concerns a customer folds
 * into them once (the store dedupes by event id), so stat cards and the health score never list
 * the customer's history.
 */
export type StatsOwner = { readonly kind: 'contact' | 'company'; readonly id: string };

/** What happened to a customer. `at` is when it happened (not when it was recorded). */
export type CustomerEvent =
  | { readonly kind: 'interaction'; readonly at: string; readonly delta?: 1 | -1 }
  | { readonly kind: 'order-opened'; readonly at: string }
  | { readonly kind: 'order-paid'; readonly at: string; readonly amount: number; readonly currency: string; readonly wasOpen: boolean }
  | { readonly kind: 'order-lost'; readonly at: string; readonly wasOpen: boolean }
  | { readonly kind: 'order-refunded'; readonly at: string }
  | { readonly kind: 'bounce' | 'complaint'; readonly at: string }
  | { readonly kind: 'coverage'; readonly at: string; readonly contacts: number; readonly decisionMakers: number };

/** An exponentially decaying count: `value` as of `at`; older events weigh half per half-life. */
export interface Decayed { readonly value: number; readonly at: string }

export interface MonthPaid { readonly count: number; readonly amounts: Readonly<Record<string, number>> }

export interface CustomerStats {
  /** Interactions per UTC month (`YYYY-MM`), the last 13 months. */
  readonly interactionsByMonth: Readonly<Record<string, number>>;
  readonly lastContactAt?: string;
  readonly interactions: Decayed;
  readonly openOrders: number;
  /** Paid orders per UTC month, amounts in minor units per currency, the last 13 months. */
  readonly paidByMonth: Readonly<Record<string, MonthPaid>>;
  readonly paidOrders: Decayed;
  /** When the first paid order arrived: the customer is active from then on (potential before). */
  readonly firstPaidAt?: string;
  /** Orders that expired, were cancelled or refunded. */
  readonly lostOrders: Decayed;
  readonly bounces: Decayed;
  readonly complaints: Decayed;
  /** Companies only: how many live contacts, and how many of them decision makers. */
  readonly contacts?: number;
  readonly decisionMakers?: number;
}

export const DAY_MS = 86_400_000;
export const HALF_LIFE_DAYS = { interactions: 30, orders: 90, penalties: 90 } as const;
const KEEP_MONTHS = 13;

const zero = (at: string): Decayed => ({ value: 0, at });
export const emptyStats = (at = new Date(0).toISOString()): CustomerStats => ({
  interactionsByMonth: {}, interactions: zero(at), openOrders: 0, paidByMonth: {}, paidOrders: zero(at), lostOrders: zero(at),
  bounces: zero(at), complaints: zero(at),
});

export const monthOf = (iso: string): string => iso.slice(0, 7);

/** The decayed value as of `at` (never grows: an `at` before the stored one keeps the stored value). */
export function decayTo(d: Decayed, at: string, halfLifeDays: number): Decayed {
  const days = (Date.parse(at) - Date.parse(d.at)) / DAY_MS;
  if (!(days > 0)) return d;
  return { value: d.value * 0.5 ** (days / halfLifeDays), at };
}

/** Adds `delta` happening at `at`: an event older than the stored time counts already decayed. */
export function addDecayed(d: Decayed, at: string, delta: number, halfLifeDays: number): Decayed {
  const days = (Date.parse(d.at) - Date.parse(at)) / DAY_MS;
  if (days > 0) return { value: Math.max(0, d.value + delta * 0.5 ** (days / halfLifeDays)), at: d.at };
  const moved = decayTo(d, at, halfLifeDays);
  return { value: Math.max(0, moved.value + delta), at: moved.at };
}

const recent = <T>(byMonth: Readonly<Record<string, T>>): Record<string, T> =>
  Object.fromEntries(Object.entries(byMonth).sort(([a], [b]) => b.localeCompare(a)).slice(0, KEEP_MONTHS));

/** Folds one event into the aggregates (pure; the store calls it once per event id). */
export function applyCustomerEvent(s: CustomerStats, e: CustomerEvent): CustomerStats {
  const month = monthOf(e.at);
  switch (e.kind) {
    case 'interaction': {
      const delta = e.delta ?? 1;
      const count = Math.max(0, (s.interactionsByMonth[month] ?? 0) + delta);
      const last = delta > 0 && (!s.lastContactAt || e.at > s.lastContactAt) ? e.at : s.lastContactAt;
      return {
        ...s, interactionsByMonth: recent({ ...s.interactionsByMonth, [month]: count }),
        interactions: addDecayed(s.interactions, e.at, delta, HALF_LIFE_DAYS.interactions), ...(last ? { lastContactAt: last } : {}),
      };
    }
    case 'order-opened':
      return { ...s, openOrders: s.openOrders + 1 };
    case 'order-paid': {
      const prev = s.paidByMonth[month] ?? { count: 0, amounts: {} };
      const amounts = { ...prev.amounts, [e.currency]: (prev.amounts[e.currency] ?? 0) + e.amount };
      return {
        ...s, openOrders: Math.max(0, s.openOrders - (e.wasOpen ? 1 : 0)),
        paidByMonth: recent({ ...s.paidByMonth, [month]: { count: prev.count + 1, amounts } }),
        paidOrders: addDecayed(s.paidOrders, e.at, 1, HALF_LIFE_DAYS.orders),
        firstPaidAt: s.firstPaidAt && s.firstPaidAt <= e.at ? s.firstPaidAt : e.at,
      };
    }
    case 'order-lost':
      return { ...s, openOrders: Math.max(0, s.openOrders - (e.wasOpen ? 1 : 0)), lostOrders: addDecayed(s.lostOrders, e.at, 1, HALF_LIFE_DAYS.orders) };
    case 'order-refunded':
      return { ...s, lostOrders: addDecayed(s.lostOrders, e.at, 1, HALF_LIFE_DAYS.orders) };
    case 'bounce':
      return { ...s, bounces: addDecayed(s.bounces, e.at, 1, HALF_LIFE_DAYS.penalties) };
    case 'complaint':
      return { ...s, complaints: addDecayed(s.complaints, e.at, 1, HALF_LIFE_DAYS.penalties) };
    case 'coverage':
      return { ...s, contacts: e.contacts, decisionMakers: e.decisionMakers };
  }
}

const addDecayedValues = (a: Decayed, b: Decayed, halfLifeDays: number): Decayed => {
  const at = a.at > b.at ? a.at : b.at;
  return { value: decayTo(a, at, halfLifeDays).value + decayTo(b, at, halfLifeDays).value, at };
};
const sumBy = <T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>, add: (x: T, y: T) => T): Record<string, T> =>
  Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, k in a && k in b ? add(a[k] as T, b[k] as T) : ((a[k] ?? b[k]) as T)]));
const laterOf = (a?: string, b?: string) => (a && b ? (a > b ? a : b) : a ?? b);
const earlierOf = (a?: string, b?: string) => (a && b ? (a < b ? a : b) : a ?? b);

/** A merge's aggregates: the master's and a merged record's combined, as if every event had been the master's. */
export function combineStats(a: CustomerStats, b: CustomerStats): CustomerStats {
  const lastContactAt = laterOf(a.lastContactAt, b.lastContactAt);
  const firstPaidAt = earlierOf(a.firstPaidAt, b.firstPaidAt);
  const hasCoverage = a.contacts !== undefined || b.contacts !== undefined;
  return {
    interactionsByMonth: recent(sumBy(a.interactionsByMonth, b.interactionsByMonth, (x, y) => x + y)),
    ...(lastContactAt ? { lastContactAt } : {}),
    interactions: addDecayedValues(a.interactions, b.interactions, HALF_LIFE_DAYS.interactions),
    openOrders: a.openOrders + b.openOrders,
    paidByMonth: recent(sumBy(a.paidByMonth, b.paidByMonth, (x, y) => ({ count: x.count + y.count, amounts: sumBy(x.amounts, y.amounts, (m, n) => m + n) }))),
    paidOrders: addDecayedValues(a.paidOrders, b.paidOrders, HALF_LIFE_DAYS.orders),
    ...(firstPaidAt ? { firstPaidAt } : {}),
    lostOrders: addDecayedValues(a.lostOrders, b.lostOrders, HALF_LIFE_DAYS.orders),
    bounces: addDecayedValues(a.bounces, b.bounces, HALF_LIFE_DAYS.penalties),
    complaints: addDecayedValues(a.complaints, b.complaints, HALF_LIFE_DAYS.penalties),
    ...(hasCoverage ? { contacts: (a.contacts ?? 0) + (b.contacts ?? 0), decisionMakers: (a.decisionMakers ?? 0) + (b.decisionMakers ?? 0) } : {}),
  };
}
