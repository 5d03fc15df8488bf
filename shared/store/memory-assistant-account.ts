import { AssistantQuotaError } from '../domain/assistant/assistant-errors.js';
import type { AssistantAccount, AssistantSettings, MonthUsage } from '../domain/assistant/ports.js';

/** The assistant's settings and token meter in memory, for unit tests of the use case. */
export function createMemoryAssistantAccount(settings: AssistantSettings = { enabled: false, version: 0 }) {
  const months = new Map<string, MonthUsage>();
  const usage = (spaceId: string, month: string) => months.get(`${spaceId}|${month}`) ?? { month, tokens: 0, inputTokens: 0, outputTokens: 0, calls: 0 };
  const put = (spaceId: string, u: MonthUsage) => months.set(`${spaceId}|${u.month}`, u);
  const account: AssistantAccount = {
    getSettings: async () => settings,
    async reserve(spaceId, month, tokens, cap) {
      const u = usage(spaceId, month);
      if (u.tokens + tokens > cap) throw new AssistantQuotaError(cap, u.tokens, 60);
      put(spaceId, { ...u, tokens: u.tokens + tokens });
    },
    async settle(spaceId, month, reserved, used) {
      const u = usage(spaceId, month);
      put(spaceId, { ...u, tokens: u.tokens - reserved + used.totalTokens, inputTokens: u.inputTokens + used.inputTokens, outputTokens: u.outputTokens + used.outputTokens, calls: u.calls + 1 });
    },
    async release(spaceId, month, reserved) {
      const u = usage(spaceId, month);
      put(spaceId, { ...u, tokens: u.tokens - reserved });
    },
    usageOf: async (spaceId, month) => usage(spaceId, month),
  };
  return account;
}
