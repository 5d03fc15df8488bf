import { captureFromMail, type CaptureFromMailDeps } from '../contacts/capture-from-mail.js';
import type { CaptureSource } from '../contacts/capture.js';
import { decideCapture } from '../contacts/decide-capture.js';
import type { ParsedMail } from '../mail/parsed-mail.js';
import type { Log } from '../../observability/logger.js';
import type { ContactCreation } from '../rules/mail-rules.js';
import type { MatchedOwners } from './match-owners.js';

/**
 * Linker step: the contacts the capture policy makes of a linkable mail's unknown people, created
 * or proposed for review; returns the owners with the created contacts (and their companies) added.
 */
export async function captureStep(deps: CaptureFromMailDeps & { log: Log }, input: {
  spaceId: string; settings: ContactCreation; mail: ParsedMail; automated: boolean; customers: readonly string[];
  matched: MatchedOwners; source: CaptureSource; correlationId: string;
}): Promise<MatchedOwners> {
  const { matched } = input;
  const candidates = decideCapture(input.settings, {
    direction: input.source.direction, from: input.mail.from, to: input.mail.to, cc: input.mail.cc,
    automated: input.automated || input.mail.headers.listId !== undefined, customers: input.customers,
    known: new Set(matched.byAddress.keys()), linkable: true,
  });
  if (candidates.length === 0) return matched;
  const { created, proposed } = await captureFromMail(deps, { spaceId: input.spaceId, settings: input.settings, candidates, source: input.source, correlationId: input.correlationId });
  deps.log.info('contacts captured from mail', { spaceId: input.spaceId, created: created.length, proposed: proposed.length, correlationId: input.correlationId });
  const kinds = new Map(matched.kinds);
  for (const c of created) {
    if (!kinds.has(`contact#${c.contactId}`)) kinds.set(`contact#${c.contactId}`, 'exact_address');
    if (c.companyId && !kinds.has(`company#${c.companyId}`)) kinds.set(`company#${c.companyId}`, 'company_domain');
  }
  return {
    contactIds: [...new Set([...matched.contactIds, ...created.map((c) => c.contactId)])].sort(),
    companyIds: [...new Set([...matched.companyIds, ...created.flatMap((c) => (c.companyId ? [c.companyId] : []))])].sort(),
    byAddress: matched.byAddress,
    kinds,
  };
}
