import { describe, expect, it } from 'vitest';
import { createOfflineAssistant } from '../../../../shared/adapters/assistant/offline-assistant.js';
import { assist, OFFLINE_NOTICE, type AssistDeps } from '../../../../shared/domain/assistant/assist.js';
import {
  AssistantDisabledError, AssistantOutputError, AssistantQuotaError, AssistantUnavailableError,
} from '../../../../shared/domain/assistant/assistant-errors.js';
import type { AssistantModel, ContextSource } from '../../../../shared/domain/assistant/ports.js';
import { createMemoryAssistantAccount } from '../../../../shared/store/memory-assistant-account.js';
import { aContext, aMailItem } from './assistant-builders.js';

const ctx = aContext({ mail: [aMailItem({ id: 'm1', text: 'Could you send a quote for 10 widgets?' })] });
const context: ContextSource = {
  forContact: async () => ctx, forCompany: async () => ctx,
  forThread: async () => ({ ...ctx, thread: { id: 't1', subject: 'Widgets', messageCount: 1, participants: [], lastMessageAt: ctx.mail[0]?.date ?? '' } }),
};
const usage = { inputTokens: 120, outputTokens: 30, totalTokens: 150 };

/** A model-backed adapter that answers with the offline adapter's text but reports token usage, or fails as told. */
const aModel = (fail?: () => Error): AssistantModel & { calls: number } => {
  const offline = createOfflineAssistant();
  const model = {
    mode: 'bedrock' as const, modelId: 'test-model', calls: 0,
    async generate(...args: Parameters<AssistantModel['generate']>) {
      model.calls++;
      if (fail) throw fail();
      return { output: (await offline.generate(...args)).output, usage };
    },
  };
  return model as AssistantModel & { calls: number };
};

const depsWith = (model: AssistantModel, enabled = true, cap = 1_000_000) => {
  const account = createMemoryAssistantAccount({ enabled, version: 1 });
  const logged: Record<string, unknown>[] = [];
  const deps: AssistDeps = {
    model, account, context, monthlyTokenCap: cap,
    rt: { now: () => new Date('2026-05-10T12:00:00Z'), newId: () => 'id' }, log: { info: (_m, f) => logged.push(f) },
  };
  return { deps, account, logged };
};
const actor = { spaceId: 'S', userId: 'u1', requestId: 'r1' };
const request = { scenario: 'mail_analysis' as const, subject: { kind: 'contact' as const, id: 'c1' }, brief: {}, viewer: { userId: 'staff-1', role: 'staff' as const } };

describe('assist', () => {
  it('answers offline without an opt-in and says it is offline', async () => {
    const { deps } = depsWith(createOfflineAssistant(), false);

    const answer = await assist(deps, actor, request);

    expect(answer).toMatchObject({ scenario: 'mail_analysis', openQuestions: [{ messageId: 'm1' }], assistant: { mode: 'offline', offline: true, notice: OFFLINE_NOTICE } });
  });

  it('refuses a model call for a Space that has not opted in, before reading anything', async () => {
    const model = aModel();
    const { deps } = depsWith(model, false);

    await expect(assist(deps, actor, request)).rejects.toBeInstanceOf(AssistantDisabledError);
    expect(model.calls).toBe(0);
  });

  it('meters the real token usage of a model call and logs figures, not text', async () => {
    const { deps, account, logged } = depsWith(aModel());

    const answer = await assist(deps, actor, request);

    expect(answer.assistant).toMatchObject({ mode: 'bedrock', offline: false, usage });
    expect(await account.usageOf('S', '2026-05')).toEqual({ month: '2026-05', tokens: 150, inputTokens: 120, outputTokens: 30, calls: 1 });
    expect(JSON.stringify(logged)).not.toContain('quote');
  });

  it('refuses a call that does not fit under the cap without calling the model', async () => {
    const model = aModel();
    const { deps, account } = depsWith(model, true, 100);

    await expect(assist(deps, actor, request)).rejects.toBeInstanceOf(AssistantQuotaError);
    expect(model.calls).toBe(0);
    expect((await account.usageOf('S', '2026-05')).tokens).toBe(0);
  });

  it('gives the reservation back when the model is unavailable, and counts a refused answer', async () => {
    const down = depsWith(aModel(() => new AssistantUnavailableError('ThrottlingException')));
    const wrong = depsWith(aModel(() => new AssistantOutputError('no tool call', usage)));

    await expect(assist(down.deps, actor, request)).rejects.toBeInstanceOf(AssistantUnavailableError);
    await expect(assist(wrong.deps, actor, request)).rejects.toBeInstanceOf(AssistantOutputError);

    expect((await down.account.usageOf('S', '2026-05')).tokens).toBe(0);
    expect(await wrong.account.usageOf('S', '2026-05')).toMatchObject({ tokens: 150, calls: 1 });
  });
});
