import type { WorkspaceLookup } from '../activities/ports.js';
import { NotFoundError } from '../errors.js';
import { monthOf, type StatsOwner } from './customer-stats.js';
import type { HealthScore } from './health-score.js';
import type { CustomerStatsStore } from './ports.js';

export interface StatCardDeps { readonly stats: CustomerStatsStore; readonly lookup: WorkspaceLookup; readonly now: () => Date }

const amountList = (amounts: Readonly<Record<string, number>>) =>
  Object.entries(amounts).sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount }));

/** The stat cards of one UTC month, from aggregates only. */
export interface StatCards {
  readonly month: string;
  readonly ordersPaidThisMonth: { readonly count: number; readonly amounts: readonly { currency: string; amount: number }[] };
  readonly openOrders: number;
  readonly interactionsThisMonth: number;
  readonly lastContactAt: string | null;
}

/** A contact's or company's stat cards and the health score as of its last event (null before any). @throws NotFoundError */
export async function customerCards(deps: StatCardDeps, spaceId: string, owner: StatsOwner): Promise<StatCards & { health: HealthScore | null }> {
  const exists = owner.kind === 'company'
    ? (await deps.lookup.companiesExist(spaceId, [owner.id]))[0] === true
    : (await deps.lookup.contactCompanies(spaceId, [owner.id]))[0] !== undefined;
  if (!exists) throw new NotFoundError(owner.kind, owner.id);
  const month = monthOf(deps.now().toISOString());
  const stored = await deps.stats.getStats(spaceId, owner);
  const paid = stored?.stats.paidByMonth[month];
  return {
    month,
    ordersPaidThisMonth: { count: paid?.count ?? 0, amounts: amountList(paid?.amounts ?? {}) },
    openOrders: stored?.stats.openOrders ?? 0,
    interactionsThisMonth: stored?.stats.interactionsByMonth[month] ?? 0,
    lastContactAt: stored?.stats.lastContactAt ?? null,
    health: stored?.health ?? null,
  };
}

/** The Space's stat cards for the current UTC month. */
export async function spaceCards(deps: Pick<StatCardDeps, 'stats' | 'now'>, spaceId: string): Promise<StatCards> {
  const s = await deps.stats.getSpaceMonth(spaceId, monthOf(deps.now().toISOString()));
  return {
    month: s.month, ordersPaidThisMonth: { count: s.paid.count, amounts: amountList(s.paid.amounts) }, openOrders: s.openOrders,
    interactionsThisMonth: s.interactions, lastContactAt: s.lastContactAt ?? null,
  };
}
