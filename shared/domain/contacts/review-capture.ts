import { auditOf, type Actor } from '../audit/audit-entry.js';
import type { CompanyStore } from '../companies/ports.js';
import { NotFoundError } from '../errors.js';
import { CaptureDecidedError, type Capture, type CaptureStore } from './capture.js';
import type { ContactDeps } from './contact-deps.js';
import { createCapturedContact } from './create-captured-contact.js';
import { loadContact, patchContact } from './patch-contact.js';

export type CaptureDecision =
  | { readonly action: 'approve' }
  | { readonly action: 'merge'; readonly contactId: string }
  | { readonly action: 'reject'; readonly blocklist: boolean };

export interface ReviewCaptureDeps extends Omit<ContactDeps, 'companies'> {
  readonly companies: ContactDeps['companies'] & Pick<CompanyStore, 'createCompany' | 'findCompanyByWebsiteDomain'>;
  readonly captures: CaptureStore;
  /** Adds an address to the Space's mail rules blocklist (a versioned, audited save). */
  readonly blocklist: { block(actor: Actor, address: string): Promise<void> };
}

const STATE_OF = { approve: 'approved', merge: 'merged', reject: 'rejected' } as const;

/** Whether a decided capture is the outcome this decision asks for (so repeating it changes nothing). */
const sameDecision = (c: Capture, d: CaptureDecision): boolean =>
  c.state === STATE_OF[d.action] && (d.action !== 'merge' || c.contactId === d.contactId);

/**
 * Decides a pending capture: approve creates the contact (and its company) with `capturedFrom`,
 * merge adds the address to an existing contact, reject keeps the address from being proposed again
 * and can blocklist it. Repeating a decision returns the first one's result.
 * @throws NotFoundError (capture or contact), CaptureDecidedError when it was decided otherwise,
 *   and from merge DuplicateEmailError, MergedRecordError, MergeInProgressError
 */
export async function reviewCapture(deps: ReviewCaptureDeps, actor: Actor, id: string, decision: CaptureDecision): Promise<Capture> {
  const before = await deps.captures.getCapture(actor.spaceId, id);
  if (!before) throw new NotFoundError('capture', id);
  if (before.state !== 'pending') {
    if (sameDecision(before, decision)) return before;
    throw new CaptureDecidedError(before);
  }
  const contactId = await carryOut(deps, actor, before, decision);
  const after: Capture = {
    ...before, state: STATE_OF[decision.action], ...(contactId ? { contactId } : {}),
    ...(decision.action === 'reject' && decision.blocklist ? { blocklisted: true } : {}),
    decidedAt: deps.rt.now().toISOString(), decidedBy: actor.userId,
  };
  try {
    await deps.captures.decideCapture(before, after, auditOf(deps.rt, actor, 'capture', id, 'update', { details: { decision: decision.action, ...(contactId ? { contactId } : {}) } }));
  } catch (error) {
    // A concurrent identical decision won: its result is ours.
    const now = error instanceof CaptureDecidedError ? await deps.captures.getCapture(actor.spaceId, id) : undefined;
    if (now && sameDecision(now, decision)) return now;
    throw error;
  }
  return after;
}

/** Does what the decision says to the CRM; the contact id for approve and merge. */
async function carryOut(deps: ReviewCaptureDeps, actor: Actor, capture: Capture, decision: CaptureDecision): Promise<string | undefined> {
  if (decision.action === 'approve') {
    const { companyDomain } = capture;
    return (await createCapturedContact(deps, actor, { address: capture.address, name: capture.name, ...(companyDomain ? { companyDomain } : {}) },
      { ...capture.source, via: 'review' })).id;
  }
  if (decision.action === 'merge') {
    const target = await loadContact(deps, actor.spaceId, decision.contactId);
    if (!target.emails.includes(capture.address)) {
      await patchContact(deps, actor, target.id, target.version, { emails: [...target.emails, capture.address] });
    }
    return target.id;
  }
  if (decision.blocklist) await deps.blocklist.block(actor, capture.address);
  return undefined;
}
