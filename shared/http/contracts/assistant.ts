import * as z from 'zod';
import { CONTEXT_LIMITS } from '../../domain/assistant/customer-context.js';
import { OFFLINE_NOTICE } from '../../domain/assistant/assist.js';
import { SCENARIOS } from '../../domain/assistant/scenarios.js';
import { lineText, noteText } from '../../domain/contacts/text-rules.js';
import { contract } from '../contract.js';
import { companyId, contactId, productId, threadId } from './common.js';

const brief = noteText(CONTEXT_LIMITS.briefChars).optional();
const senderName = lineText(100).optional();
const oneCustomer = <T extends { contactId?: string | undefined; companyId?: string | undefined }>(v: T, ctx: z.RefinementCtx) => {
  if ((v.contactId === undefined) === (v.companyId === undefined)) ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'give exactly one of contactId and companyId' });
};
const customer = { contactId: contactId.optional(), companyId: companyId.optional() };

export const proposalBody = z.strictObject({
  ...customer, brief, senderName,
  lines: z.array(z.strictObject({ productId, quantity: z.number().int().min(1).max(100_000) })).max(20).optional(),
}).superRefine(oneCustomer);
export const followUpBody = z.strictObject({ threadId, brief, senderName });
export const customerBody = z.strictObject(customer).superRefine(oneCustomer);
export const threadBody = z.strictObject({ threadId });
export const companyBody = z.strictObject({ companyId });

const meta = z.object({
  mode: z.enum(['bedrock', 'offline']), model: z.string(), offline: z.boolean(), notice: z.string().optional(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), totalTokens: z.number() }), generatedAt: z.string(),
});
/** Every answer: the scenario, its facts and written parts, and how it was produced. */
export const answerView = z.looseObject({ scenario: z.enum(SCENARIOS), assistant: meta });

const CONTACT = '01JDQ3M6N8V4W2X5Y7Z9A1B3C5';
const COMPANY = '01JDQ3M6N8V4W2X5Y7Z9A1B3C6';
const THREAD = '4b1d9e7c2a8f6e3d0c5b4a3928171605';
const MESSAGE = '9f2c4e1a7b3d5f608192a3b4c5d6e7f8';
const offlineMeta = {
  mode: 'offline', model: 'offline', offline: true, notice: OFFLINE_NOTICE,
  usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, generatedAt: '2026-11-29T09:00:00.000Z',
};
const draft = (subject: string) => ({ status: 'draft', to: ['jane.doe@northwind.example'], subject, body: 'Dear Jane,\n\n...\n\nKind regards,\nSam', lines: [] });
const EXAMPLES: Record<string, Record<string, unknown>> = {
  proposal_draft: { draft: draft('Proposal for Northwind Traders') },
  follow_up_draft: { draft: { ...draft('Re: Order request'), threadId: THREAD } },
  mail_analysis: { sentiment: { label: 'neutral', score: 0.1 }, openQuestions: [{ text: 'Do you ship to Canada?', messageId: MESSAGE }], commitments: [] },
  thread_summary: { summary: 'Jane asks for 20 widgets and delivery to Canada.', keyPoints: ['20 widgets', 'delivery to Canada'] },
  call_prep: { talkingPoints: ['Confirm the Canada delivery'], openQuestions: ['Do you ship to Canada?'] },
  company_briefing: { overview: 'Northwind Traders, VIP, 2 contacts, 1 paid order this quarter.', risks: [], opportunities: ['Repeat widget order'] },
  smart_profile: { suggestedTags: ['wholesale'], communicationStrategy: 'Short, factual mail in the morning.' },
};

const PROBLEMS = ['assistant-disabled', 'not-found', 'assistant-quota-exhausted', 'assistant-output-invalid', 'assistant-unavailable'];
const DESCRIPTION = 'Uses the Bedrock model when the Space opted in (PUT /settings/assistant), the offline assistant otherwise; `assistant` says which and the tokens used. '
  + 'Facts (dates, counts, orders, reply times) are computed from the CRM, never by the model; mail is handed to the model as data. '
  + 'Nothing is ever sent: drafts are returned to staff. 403 assistant-disabled when the deployment has a model and the Space has not opted in; '
  + '429 assistant-quota-exhausted once the Space used its monthly tokens (Retry-After: until the month ends); 502 assistant-output-invalid when the model answered with the wrong shape; 503 assistant-unavailable when Bedrock is.';
const base = { fn: 'assistant-api', tag: 'assistant', successStatus: 200, rateLimit: { perMinute: 30 }, problems: PROBLEMS, description: DESCRIPTION } as const;
const op = (operationId: string, path: string, scenario: (typeof SCENARIOS)[number], summary: string, requestExample: Record<string, unknown>) => ({
  ...base, operationId, method: 'POST' as const, path, summary: `${summary}. Nothing is sent`, requestExample,
  responses: { 200: { description: 'The answer, for staff to read or edit', body: answerView, example: { scenario, ...EXAMPLES[scenario], assistant: offlineMeta } } },
});

export const proposalDraftOp = contract({ ...op('draftProposal', '/assistant/proposal-draft', 'proposal_draft', 'Draft a proposal email to a contact or company for staff to review; catalog lines are priced from the catalog', { contactId: CONTACT, brief: '20 widgets, delivery in May' }), body: proposalBody });
export const followUpDraftOp = contract({ ...op('draftFollowUp', '/assistant/follow-up-draft', 'follow_up_draft', 'Draft a follow-up email in a thread for staff to review', { threadId: THREAD }), body: followUpBody });
export const mailAnalysisOp = contract({ ...op('analyseCustomerMail', '/assistant/mail-analysis', 'mail_analysis', "Analyse a customer's recent mail: sentiment, open questions, commitments", { contactId: CONTACT }), body: customerBody });
export const threadSummaryOp = contract({ ...op('summariseThread', '/assistant/thread-summary', 'thread_summary', 'Summarise a thread', { threadId: THREAD }), body: threadBody });
export const callPrepOp = contract({ ...op('prepareCall', '/assistant/call-prep', 'call_prep', 'Customer context before a call', { contactId: CONTACT }), body: customerBody });
export const companyBriefingOp = contract({ ...op('briefOnCompany', '/assistant/company-briefing', 'company_briefing', 'An executive briefing on a company', { companyId: COMPANY }), body: companyBody });
export const smartProfileOp = contract({ ...op('smartProfile', '/assistant/smart-profile', 'smart_profile', 'Suggested tags, churn risk, best time to contact from reply times, communication strategy', { contactId: CONTACT }), body: customerBody });

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
const settingsExample = {
  enabled: true, monthlyTokenCap: 200_000, spaceTokenCap: 200_000, deploymentTokenCap: 1_000_000, mode: 'bedrock', model: 'anthropic.claude-3-haiku-20240307-v1:0',
  usage: { month: '2026-11', tokens: 1020, inputTokens: 900, outputTokens: 120, calls: 1 }, version: 1,
};
const settingsOne = (description: string) => ({ 200: { description, body: settingsView, example: settingsExample, headers: ['etag' as const] } });
export const getAssistantSettingsOp = contract({
  operationId: 'getAssistantSettings', method: 'GET', path: '/settings/assistant', fn: 'settings-api', tag: 'settings',
  summary: "The Space's assistant opt-in, token cap and this month's usage (ETag = version)",
  description: 'Version 0 means never saved (not opted in). `monthlyTokenCap` is the cap in force: the Space\'s own if set, else the deployment\'s; usage counts the UTC month.',
  responses: settingsOne('The settings, the cap in force and this month\'s usage'),
});
export const putAssistantSettingsOp = contract({
  operationId: 'putAssistantSettings', method: 'PUT', path: '/settings/assistant', fn: 'settings-api', tag: 'settings', role: 'admin',
  body: assistantSettingsBody, requestHeaders: ['if-match'], requestExample: { enabled: true, monthlyTokenCap: 200_000 },
  summary: 'Opt the Space in or out of the model-backed assistant and set its monthly token cap; If-Match with the version ("0" before the first save; 412, 428)',
  description: 'Opting in lets the assistant send this Space\'s mail to the deployment\'s Bedrock model. A Space cap above the deployment\'s is refused (400). Audited as `settings:assistant`.',
  responses: settingsOne('The saved settings and their new version'),
});

export const assistant = [
  proposalDraftOp, followUpDraftOp, mailAnalysisOp, threadSummaryOp, callPrepOp, companyBriefingOp, smartProfileOp,
  getAssistantSettingsOp, putAssistantSettingsOp,
];
