import type { CustomerEvent, StatsOwner } from './customer-stats.js';
import type { CustomerStatsStore } from './ports.js';

export interface CustomerEventDeps { readonly stats: CustomerStatsStore; readonly now: () => Date }

/** What one source event (a mail, an activity, an order's move) means for the customers it concerns. */
export interface CustomerEventRecord {
  readonly spaceId: string;
  /** Stable per source event, so a retried write counts once (e.g. `msg#<id>`, `act#<id>`, `ord#<id>#<stripe event>`). */
  readonly eventId: string;
  readonly owners: readonly StatsOwner[];
  readonly event: CustomerEvent;
  /** Also count it in the Space's stat cards (false for per-customer facts such as coverage). */
  readonly space: boolean;
}

/** Folds one event into each owner's aggregates (recomputing its health) and into the Space's counters. */
export async function recordCustomerEvent(deps: CustomerEventDeps, r: CustomerEventRecord): Promise<void> {
  const now = deps.now().toISOString();
  const owners = r.owners.filter((o, i) => r.owners.findIndex((x) => x.kind === o.kind && x.id === o.id) === i);
  await Promise.all([
    ...owners.map((o) => deps.stats.record(r.spaceId, o, r.eventId, r.event, now)),
    ...(r.space ? [deps.stats.recordSpace(r.spaceId, r.eventId, r.event)] : []),
  ]);
}
