import { z } from 'zod';
import { CONTEXT_LIMITS } from '../../domain/assistant/customer-context.js';
import { SCENARIOS } from '../../domain/assistant/scenarios.js';
import { lineText, noteText } from '../../domain/contacts/text-rules.js';
import { contract } from '../contract.js';

const id = z.string().min(1).max(64);
const brief = noteText(CONTEXT_LIMITS.briefChars).optional();
const senderName = lineText(100).optional();
const oneCustomer = <T extends { contactId?: string | undefined; companyId?: string | undefined }>(v: T, ctx: z.RefinementCtx) => {
  if ((v.contactId === undefined) === (v.companyId === undefined)) ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'give exactly one of contactId and companyId' });
};
const customer = { contactId: id.optional(), companyId: id.optional() };

export const proposalBody = z.strictObject({
  ...customer, brief, senderName,
  lines: z.array(z.strictObject({ productId: id, quantity: z.number().int().min(1).max(100_000) })).max(20).optional(),
}).superRefine(oneCustomer);
export const followUpBody = z.strictObject({ threadId: id, brief, senderName });
export const customerBody = z.strictObject(customer).superRefine(oneCustomer);
export const threadBody = z.strictObject({ threadId: id });
export const companyBody = z.strictObject({ companyId: id });

const meta = z.object({
  mode: z.enum(['bedrock', 'offline']), model: z.string(), offline: z.boolean(), notice: z.string().optional(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), totalTokens: z.number() }), generatedAt: z.string(),
});
/** Every answer: the scenario, its facts and written parts, and how it was produced. */
export const answerView = z.looseObject({ scenario: z.enum(SCENARIOS), assistant: meta });

const PROBLEMS = '403 assistant-disabled, 404 not-found, 429 assistant-quota-exhausted or too-many-requests, 502 assistant-output-invalid, 503 assistant-unavailable';
const base = { fn: 'assistant-api', tag: 'assistant', successStatus: 200, response: answerView, rateLimit: { perMinute: 30 } } as const;
const op = (operationId: string, path: string, summary: string) => ({ ...base, operationId, method: 'POST' as const, path, summary: `${summary}. Nothing is sent (${PROBLEMS})` });

export const proposalDraftOp = contract({ ...op('draftProposal', '/assistant/proposal-draft', 'Draft a proposal email to a contact or company for staff to review; catalog lines are priced from the catalog'), body: proposalBody });
export const followUpDraftOp = contract({ ...op('draftFollowUp', '/assistant/follow-up-draft', 'Draft a follow-up email in a thread for staff to review'), body: followUpBody });
export const mailAnalysisOp = contract({ ...op('analyseCustomerMail', '/assistant/mail-analysis', "Analyse a customer's recent mail: sentiment, open questions, commitments"), body: customerBody });
export const threadSummaryOp = contract({ ...op('summariseThread', '/assistant/thread-summary', 'Summarise a thread'), body: threadBody });
export const callPrepOp = contract({ ...op('prepareCall', '/assistant/call-prep', 'Customer context before a call'), body: customerBody });
export const companyBriefingOp = contract({ ...op('briefOnCompany', '/assistant/company-briefing', 'An executive briefing on a company'), body: companyBody });
export const smartProfileOp = contract({ ...op('smartProfile', '/assistant/smart-profile', 'Suggested tags, churn risk, best time to contact from reply times, communication strategy'), body: customerBody });

const settingsView = z.object({
  enabled: z.boolean(), monthlyTokenCap: z.number().int(), spaceTokenCap: z.number().int().nullable(), deploymentTokenCap: z.number().int(),
  mode: z.enum(['bedrock', 'offline']), model: z.string(),
  usage: z.object({ month: z.string(), tokens: z.number(), inputTokens: z.number(), outputTokens: z.number(), calls: z.number() }),
  version: z.number().int(),
});
export const assistantSettingsBody = z.strictObject({
  enabled: z.boolean(),
  /** A lower monthly cap for this Space than the deployment's; null goes back to the deployment's. */
  monthlyTokenCap: z.number().int().min(1000).nullable().optional(),
});
export const getAssistantSettingsOp = contract({
  operationId: 'getAssistantSettings', method: 'GET', path: '/settings/assistant', fn: 'settings-api', tag: 'settings', response: settingsView,
  summary: "The Space's assistant opt-in, token cap and this month's usage (ETag = version)",
});
export const putAssistantSettingsOp = contract({
  operationId: 'putAssistantSettings', method: 'PUT', path: '/settings/assistant', fn: 'settings-api', tag: 'settings', role: 'admin',
  body: assistantSettingsBody, response: settingsView,
  summary: 'Opt the Space in or out of the model-backed assistant and set its monthly token cap; If-Match with the version ("0" before the first save; 412, 428)',
});

export const assistant = [
  proposalDraftOp, followUpDraftOp, mailAnalysisOp, threadSummaryOp, callPrepOp, companyBriefingOp, smartProfileOp,
  getAssistantSettingsOp, putAssistantSettingsOp,
];
