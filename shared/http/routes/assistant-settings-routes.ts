import { ulid } from 'ulid';
import { assistantConfig } from '../../config/assistant-config.js';
import { once } from '../../config/config.js';
import type { AssistantSettings } from '../../domain/assistant/ports.js';
import { ValidationError } from '../../domain/errors.js';
import { getAssistantSettingsOp, putAssistantSettingsOp } from '../contracts/assistant.js';
import { implement, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { createAssistantStore } from '../../store/assistant-store.js';

const store = once(() => createAssistantStore());

const viewOf = async (spaceId: string, s: AssistantSettings) => {
  const config = assistantConfig();
  return {
    enabled: s.enabled, monthlyTokenCap: Math.min(s.monthlyTokenCap ?? config.monthlyTokens, config.monthlyTokens),
    spaceTokenCap: s.monthlyTokenCap ?? null, deploymentTokenCap: config.monthlyTokens,
    mode: config.modelId ? 'bedrock' as const : 'offline' as const, model: config.modelId ?? 'offline',
    usage: await store().usageOf(spaceId, new Date().toISOString().slice(0, 7)), version: s.version,
  };
};

/** The assistant's settings operations (served by settings-api, which holds no model rights). */
export const assistantSettingsRoutes: Operation[] = [
  implement(getAssistantSettingsOp, async ({ auth }) => {
    const saved = await store().getSettings(auth.spaceId);
    return { body: await viewOf(auth.spaceId, saved), headers: { etag: etagOf(saved.version) } };
  }),
  implement(putAssistantSettingsOp, async ({ auth, body, headers, requestId }) => {
    const version = expectedVersion(headers);
    const deploymentCap = assistantConfig().monthlyTokens;
    if (body.monthlyTokenCap && body.monthlyTokenCap > deploymentCap) {
      throw new ValidationError([{ pointer: '#/monthlyTokenCap', detail: `must not exceed the deployment's cap of ${deploymentCap} tokens a month` }]);
    }
    const actor = { spaceId: auth.spaceId, userId: auth.userId, requestId, at: new Date().toISOString(), auditId: ulid() };
    const saved = await store().putSettings(actor, { enabled: body.enabled, ...(body.monthlyTokenCap ? { monthlyTokenCap: body.monthlyTokenCap } : {}) }, version);
    return { body: await viewOf(auth.spaceId, saved), headers: { etag: etagOf(saved.version) } };
  }),
];
