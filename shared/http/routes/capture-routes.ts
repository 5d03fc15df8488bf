import { toCaptureView } from '../../domain/contacts/capture.js';
import { reviewCapture, type CaptureDecision } from '../../domain/contacts/review-capture.js';
import { DomainError } from '../../domain/errors.js';
import { captureReviewDeps } from '../../deps/capture-deps.js';
import { relinkNewAddresses } from '../../deps/contact-relink.js';
import { actorOf } from '../actor.js';
import { requireRole, type AuthContext } from '../auth.js';
import { approveCaptureOp, bulkCapturesOp, listCapturesOp, mergeCaptureOp, rejectCaptureOp } from '../contracts/captures.js';
import { implement, type Operation } from '../http-handler.js';
import { pageLimit, pageReply, readCursor } from '../page-cursor.js';
import { problems } from '../problem.js';

type Request = { auth: AuthContext; requestId: string };

/** Decides one capture; an approved or merged address gets its past mail linked to the contact. */
async function decide(r: Request, id: string, decision: CaptureDecision) {
  if (decision.action === 'reject' && decision.blocklist) requireRole(r.auth, 'admin');
  const deps = captureReviewDeps();
  const capture = await reviewCapture(deps, actorOf(r), id, decision);
  const contact = capture.contactId ? await deps.contacts.getContact(r.auth.spaceId, capture.contactId) : undefined;
  if (contact) await relinkNewAddresses({ before: contact.emails.filter((e) => e !== capture.address), after: contact, correlationId: r.requestId });
  return toCaptureView(capture);
}

/** The review queue of contacts captured from mail (docs/mail-rules.md). */
export const captureRoutes: Operation[] = [
  implement(listCapturesOp, async (r) => {
    const page = await captureReviewDeps().captures.listPendingCaptures(r.auth.spaceId, pageLimit(r.query.limit), await readCursor(listCapturesOp, r));
    return pageReply(listCapturesOp, r, page, toCaptureView);
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
