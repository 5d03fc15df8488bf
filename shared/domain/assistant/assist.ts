import type { Actor, Runtime } from '../audit/audit-entry.js';
import { AssistantDisabledError, AssistantOutputError } from './assistant-errors.js';
import { composeAnswer } from './compose-answer.js';
import type { CustomerContext } from './customer-context.js';
import { churnRiskOf, replyTimesOf } from './mail-facts.js';
import type { AssistantAccount, AssistantModel, ContextSource, ThreadFacts, TokenUsage } from './ports.js';
import { promptOf } from './prompts.js';
import type { Scenario, StaffBrief } from './scenarios.js';
import type { Viewer } from '../rules/mail-privacy.js';

export interface AssistDeps {
  readonly model: AssistantModel;
  readonly account: AssistantAccount;
  readonly context: ContextSource;
  readonly rt: Runtime;
  /** Fixed fields only: ids, counts, token figures. Never mail text or model output. */
  readonly log: { info(message: string, fields: Record<string, unknown>): void };
  /** Most tokens one Space may use per UTC month in this deployment. */
  readonly monthlyTokenCap: number;
}

export interface AssistRequest {
  readonly scenario: Scenario;
  readonly subject: { readonly kind: 'contact' | 'company' | 'thread'; readonly id: string };
  readonly brief: StaffBrief;
  /** Who asks: the context holds only mail this caller sees whole (private mail is left out). */
  readonly viewer: Viewer;
}

export const OFFLINE_NOTICE = 'Offline assistant: no language model was used. Summaries are extracted sentences, sentiment comes from a word list and drafts from templates.';

const monthOf = (now: Date) => now.toISOString().slice(0, 7);
/** A generous token estimate (about 3 characters per token), settled to the real count afterwards. */
const estimateTokens = (chars: number, maxOutput: number) => Math.ceil(chars / 3) + maxOutput;

async function load(deps: AssistDeps, spaceId: string, r: AssistRequest, now: string): Promise<CustomerContext & { thread?: ThreadFacts }> {
  if (r.subject.kind === 'thread') return deps.context.forThread(spaceId, r.subject.id, now, r.viewer);
  return r.subject.kind === 'contact' ? deps.context.forContact(spaceId, r.subject.id, now, r.viewer) : deps.context.forCompany(spaceId, r.subject.id, now, r.viewer);
}

/**
 * Runs one assistant scenario for staff. With a model provider the Space must have opted in, and
 * the call's tokens are reserved under the Space's monthly cap before it is made and settled to
 * the real usage after. Drafts are returned to the caller only: nothing is sent.
 * @throws AssistantDisabledError, AssistantQuotaError, AssistantUnavailableError, AssistantOutputError, NotFoundError
 */
export async function assist(deps: AssistDeps, actor: Actor, r: AssistRequest): Promise<Record<string, unknown>> {
  const now = deps.rt.now();
  const online = deps.model.mode !== 'offline';
  const settings = online ? await deps.account.getSettings(actor.spaceId) : undefined;
  if (settings && !settings.enabled) throw new AssistantDisabledError();
  const ctx = await load(deps, actor.spaceId, r, now.toISOString());
  const extra = r.scenario === 'smart_profile' ? { churnSignals: churnRiskOf(ctx).signals, replyTimes: replyTimesOf(ctx.mail) } : {};
  const prompt = promptOf(r.scenario, ctx, r.brief, extra);
  const month = monthOf(now);
  const reserved = online ? estimateTokens(prompt.system.length + prompt.user.length, prompt.maxOutputTokens) : 0;
  const cap = Math.min(settings?.monthlyTokenCap ?? deps.monthlyTokenCap, deps.monthlyTokenCap);
  if (online) await deps.account.reserve(actor.spaceId, month, reserved, cap);
  let usage: TokenUsage;
  let output;
  try {
    ({ output, usage } = await deps.model.generate(r.scenario, prompt, { ctx, brief: r.brief }));
  } catch (err) {
    // A refused answer was still paid for: count it. Anything else used no tokens we know of.
    if (err instanceof AssistantOutputError) await deps.account.settle(actor.spaceId, month, reserved, err.usage);
    else if (online) await deps.account.release(actor.spaceId, month, reserved);
    throw err;
  }
  await deps.account.settle(actor.spaceId, month, reserved, usage);
  deps.log.info('assistant answered', {
    scenario: r.scenario, mode: deps.model.mode, model: deps.model.modelId, subject: r.subject.kind, messages: ctx.mail.length,
    inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, userId: actor.userId,
  });
  return {
    scenario: r.scenario,
    ...composeAnswer(r.scenario, ctx, r.brief, output),
    assistant: {
      mode: deps.model.mode, model: deps.model.modelId, offline: !online, ...(online ? {} : { notice: OFFLINE_NOTICE }),
      usage, generatedAt: now.toISOString(),
    },
  };
}
