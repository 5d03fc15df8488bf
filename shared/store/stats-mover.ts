import type { RelatedItemMover } from '../domain/contacts/merge-ports.js';
import { createCustomerStatsStore } from './customer-stats-store.js';
import { createCustomerViewStore } from './customer-view-store.js';
import type { TableRef } from './dynamo.js';

/**
 * A merge combines the merged record's aggregates (stat cards, health inputs) into the master's:
 * one step per merged record, counted once by an event marker on the master and an `absorbedInto`
 * mark on the merged record's aggregates, so a resumed merge does not add them twice.
 */
export function statsMover(t: TableRef, kind: 'contact' | 'company', now: () => Date = () => new Date()): RelatedItemMover {
  const views = createCustomerViewStore(t);
  const stats = createCustomerStatsStore(t, (spaceId, owner) => views.refresh(spaceId, owner.kind, owner.id));
  return {
    name: `${kind}-stats`,
    count: async (spaceId, from) => ((await stats.pendingAbsorb(spaceId, { kind, id: from })) ? 1 : 0),
    moveBatch: async (spaceId, from, to) => ((await stats.absorb(spaceId, { kind, id: from }, to, now().toISOString())) ? 1 : 0),
  };
}
