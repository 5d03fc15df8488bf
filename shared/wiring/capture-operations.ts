import { once } from '../config/config.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import { toCaptureView } from '../domain/contacts/capture.js';
import { reviewCapture, type CaptureDecision, type ReviewCaptureDeps } from '../domain/contacts/review-capture.js';
import { DomainError } from '../domain/errors.js';
import { blockAddress } from '../domain/rules/block-address.js';
import { requireRole, type AuthContext } from '../http/auth.js';
import { approveCaptureOp, bulkCapturesOp, listCapturesOp, mergeCaptureOp, rejectCaptureOp } from '../http/contracts/captures.js';
import { implement } from '../http/http-handler.js';
import { pageLimit, readCursor, writeCursor } from '../http/page-cursor.js';
import { problems } from '../http/problem.js';
import { createCaptureStore } from '../store/capture-store.js';
import { createCompanyStore } from '../store/company-store.js';
import { createContactStore } from '../store/contact-store.js';
import { createSettingsStore } from '../store/settings-store.js';
import { relinkNewAddresses } from './contact-relink.js';
import { customFieldDeps } from './custom-field-deps.js';

const deps = once((): ReviewCaptureDeps => {
  const settings = createSettingsStore();
  return {
    contacts: createContactStore(), companies: createCompanyStore(), captures: createCaptureStore(), rt: systemRuntime, customFields: customFieldDeps(),
    blocklist: { block: (actor, address) => blockAddress(settings, systemRuntime, actor, address) },
  };
});

type Request = { auth: AuthContext; requestId: string };

/** Decides one capture; an approved or merged address gets its past mail linked to the contact. */
async function decide(r: Request, id: string, decision: CaptureDecision) {
  if (decision.action === 'reject' && decision.blocklist) requireRole(r.auth, 'admin');
  const actor = { spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId };
  const capture = await reviewCapture(deps(), actor, id, decision);
  const contact = capture.contactId ? await deps().contacts.getContact(actor.spaceId, capture.contactId) : undefined;
  if (contact) await relinkNewAddresses({ before: contact.emails.filter((e) => e !== capture.address), after: contact, correlationId: r.requestId });
  return toCaptureView(capture);
}

/** The review queue of contacts captured from mail (docs/mail-rules.md). */
export const captureOperations = () => [
  implement(listCapturesOp, async (r) => {
    const page = await deps().captures.listPendingCaptures(r.auth.spaceId, pageLimit(r.query.limit), await readCursor(listCapturesOp, r));
    return { body: { items: page.items.map(toCaptureView), nextCursor: (await writeCursor(listCapturesOp, r, page.lastKey)) ?? null } };
  }),
  implement(approveCaptureOp, async (r) => ({ body: await decide(r, r.params.id, { action: 'approve' }) })),
  implement(mergeCaptureOp, async (r) => ({ body: await decide(r, r.params.id, { action: 'merge', contactId: r.body.contactId }) })),
  implement(rejectCaptureOp, async (r) => ({ body: await decide(r, r.params.id, { action: 'reject', blocklist: r.body.blocklist }) })),
  implement(bulkCapturesOp, async (r) => {
    if (r.body.action === 'reject' && r.body.blocklist) requireRole(r.auth, 'admin');
    const decision: CaptureDecision = r.body.action === 'approve' ? { action: 'approve' } : { action: 'reject', blocklist: r.body.blocklist };
    const results = [];
    for (const id of r.body.ids) {
      try {
        results.push({ id, capture: await decide(r, id, decision) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ id, problem: { code: error.code, status: problems[error.code]?.[0] ?? 409 } });
      }
    }
    return { body: { results } };
  }),
];
