import { intEnv, once, optionalEnv } from './config.js';

/** The deployment's assistant: a Bedrock model id (none: the offline assistant) and the monthly token cap per Space. */
export const assistantConfig = once(() => {
  const modelId = optionalEnv('assistantModelId');
  return { ...(modelId ? { modelId } : {}), monthlyTokens: intEnv('assistantMonthlyTokens', 1_000_000) };
});
