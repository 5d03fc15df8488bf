import type { ContactCreation } from '../rules/mail-rules.js';
import { captureIdOf, type CaptureSource, type CaptureStore } from './capture.js';
import { createCapturedContact, type CapturedContactDeps } from './create-captured-contact.js';
import type { CaptureCandidate } from './decide-capture.js';

export interface CaptureFromMailDeps extends CapturedContactDeps {
  readonly captures: Pick<CaptureStore, 'proposeCapture' | 'getCapture'>;
  /**
   * Asks for the past mail of addresses that became contacts at once (the relink an approved capture
   * starts); mail imported before the contact existed then joins its timeline.
   */
  readonly relink: (input: { spaceId: string; addresses: readonly string[]; correlationId: string }) => Promise<void>;
}

/** The actor of contacts and companies the linker creates. */
export const CAPTURE_USER = 'system:capture';

/**
 * Acts on the capture policy's candidates for one mail: under review each becomes a pending capture
 * (the first mail of an address wins; a decided address is never proposed again); without review
 * the contact is created at once, unless staff rejected the address earlier, and its past mail is
 * relinked to it. Returns the contacts
 * created (or found holding the address meanwhile), so the linker links the mail to them.
 */
export async function captureFromMail(deps: CaptureFromMailDeps, input: {
  spaceId: string; settings: ContactCreation; candidates: readonly CaptureCandidate[]; source: CaptureSource; correlationId: string;
}): Promise<{ created: { contactId: string; companyId?: string }[]; proposed: string[] }> {
  const { spaceId, source } = input;
  const actor = { spaceId, userId: CAPTURE_USER, requestId: input.correlationId };
  const at = deps.rt.now().toISOString();
  const created: { contactId: string; companyId?: string }[] = [];
  const proposed: string[] = [];
  const relinked: string[] = [];
  for (const candidate of input.candidates) {
    const id = captureIdOf(spaceId, candidate.address);
    if (input.settings.review) {
      const stored = await deps.captures.proposeCapture({
        spaceId, id, address: candidate.address, name: candidate.name,
        ...(candidate.companyDomain ? { companyDomain: candidate.companyDomain } : {}), source, state: 'pending', capturedAt: at,
      });
      if (stored) proposed.push(id);
      continue;
    }
    if ((await deps.captures.getCapture(spaceId, id))?.state === 'rejected') continue;
    const contact = await createCapturedContact(deps, actor, candidate, { ...source, via: 'automatic' });
    created.push({ contactId: contact.id, ...(contact.companyId ? { companyId: contact.companyId } : {}) });
    relinked.push(candidate.address);
  }
  // Once the contacts exist, so the relink finds them. A redelivered mail proposes no candidate for an
  // address it already made a contact, so the relink is asked for once per contact, and relinking twice links nothing twice.
  if (relinked.length > 0) await deps.relink({ spaceId, addresses: relinked, correlationId: input.correlationId });
  return { created, proposed };
}
