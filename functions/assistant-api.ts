import { assist, type AssistRequest } from '../shared/domain/assistant/assist.js';
import type { Scenario, StaffBrief } from '../shared/domain/assistant/scenarios.js';
import {
  callPrepOp, companyBriefingOp, followUpDraftOp, mailAnalysisOp, proposalDraftOp, smartProfileOp, threadSummaryOp,
} from '../shared/http/contracts/assistant.js';
import type { Contract } from '../shared/http/contract.js';
import { httpHandler, implement, type HttpRequest } from '../shared/http/http-handler.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { assistDeps, catalogLines } from '../shared/deps/assistant-deps.js';

type Body = { contactId?: string; companyId?: string; threadId?: string; brief?: string; senderName?: string; lines?: { productId: string; quantity: number }[] };

const subjectOf = (b: Body): AssistRequest['subject'] =>
  b.threadId ? { kind: 'thread', id: b.threadId } : b.contactId ? { kind: 'contact', id: b.contactId } : { kind: 'company', id: b.companyId ?? '' };

const run = (scenario: Scenario) => async (r: HttpRequest<Contract>) => {
  const body = r.body as Body;
  const brief: StaffBrief = {
    ...(body.brief ? { brief: body.brief } : {}), ...(body.senderName ? { senderName: body.senderName } : {}),
    ...(body.lines?.length ? { lines: await catalogLines(r.auth.spaceId, body.lines) } : {}),
  };
  const actor = { spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId };
  return { body: await assist(assistDeps(), actor, { scenario, subject: subjectOf(body), brief }) };
};

/** The assistant: drafts, analyses, summaries and briefings for staff; it never sends anything. */
export const handler = httpHandler(...recordingStaff(
  implement(proposalDraftOp, run('proposal_draft')),
  implement(followUpDraftOp, run('follow_up_draft')),
  implement(mailAnalysisOp, run('mail_analysis')),
  implement(threadSummaryOp, run('thread_summary')),
  implement(callPrepOp, run('call_prep')),
  implement(companyBriefingOp, run('company_briefing')),
  implement(smartProfileOp, run('smart_profile')),
));
