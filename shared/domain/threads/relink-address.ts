import type { Log } from '../../observability/logger.js';
import { normalizeEmail } from '../mail/match-addresses.js';
import type { LinkProvenance } from './link-provenance.js';
import { matchOwners } from './match-owners.js';
import type { ContactDirectory, Page } from './ports.js';
import { relinkMessage, type RelinkMessageDeps, type RelinkOwner } from './relink-message.js';

export interface RelinkAddressDeps extends RelinkMessageDeps {
  readonly activities: { listAddressMessages(spaceId: string, address: string, startKey?: Record<string, unknown>): Promise<Page<string>> };
  readonly directory: ContactDirectory;
  readonly log: Log;
  readonly now: () => Date;
}

/**
 * Gives a contact created (or given an address) after its mail arrived its history: every message
 * the address appeared on is linked to the contacts and companies that match now, except owners
 * staff unlinked from it (relinkMessage). Idempotent.
 */
export async function relinkAddress(deps: RelinkAddressDeps, input: { spaceId: string; address: string; correlationId: string }): Promise<number> {
  const { spaceId } = input;
  const address = normalizeEmail(input.address);
  const matched = await matchOwners(deps.directory, spaceId, [address]);
  const at = deps.now().toISOString();
  const owners: RelinkOwner[] = [
    ...matched.contactIds.map((id) => ({ kind: 'contact' as const, id })),
    ...matched.companyIds.map((id) => ({ kind: 'company' as const, id })),
  ].map((o) => ({ ...o, provenance: { kind: matched.kinds.get(`${o.kind}#${o.id}`)!, at } satisfies LinkProvenance }));
  let relinked = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.activities.listAddressMessages(spaceId, address, startKey);
    for (const id of page.items) if ((await relinkMessage(deps, spaceId, id, owners)) > 0) relinked += 1;
    startKey = page.lastKey;
  } while (owners.length > 0 && startKey);
  deps.log.info('address relinked', { spaceId, messages: relinked, correlationId: input.correlationId });
  return relinked;
}
