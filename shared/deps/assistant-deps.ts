import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createS3Blobs } from '../adapters/blobs/s3-blobs.js';
import { createBedrockAssistant } from '../adapters/assistant/bedrock-assistant.js';
import { createOfflineAssistant } from '../adapters/assistant/offline-assistant.js';
import { assistantConfig } from '../config/assistant-config.js';
import { once, requireEnv } from '../config/config.js';
import type { AssistDeps } from '../domain/assistant/assist.js';
import type { StaffBrief } from '../domain/assistant/scenarios.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import { ValidationError } from '../domain/errors.js';
import { logger } from '../observability/logger.js';
import { createAssistantContext } from '../store/assistant-context.js';
import { createAssistantStore } from '../store/assistant-store.js';
import { defaultTable } from '../store/dynamo.js';
import { createProductStore } from '../store/product-store.js';

/** The assistant's dependencies, built once per container; Bedrock only when a model id is configured. */
export const assistDeps = once((): AssistDeps => {
  const config = assistantConfig();
  const t = defaultTable();
  // One attempt of at most 25 s stays inside the function's 29 s and the API's 30 s; a second
  // attempt could not, so a throttled call answers 503 with Retry-After and the client retries.
  const model = config.modelId
    ? createBedrockAssistant(new BedrockRuntimeClient({ maxAttempts: 1, requestHandler: { requestTimeout: 25_000 } }), config.modelId)
    : createOfflineAssistant();
  return {
    model, account: createAssistantStore(t), context: createAssistantContext(t, createS3Blobs(requireEnv('mailBucket'))), rt: systemRuntime,
    log: { info: (message, fields) => logger.info(message, fields as Record<string, string>) }, monthlyTokenCap: config.monthlyTokens,
  };
});

/**
 * Proposal lines priced from the catalog (never by the caller or a model).
 * @throws ValidationError naming a product that does not exist or is inactive.
 */
export async function catalogLines(spaceId: string, lines: readonly { productId: string; quantity: number }[]): Promise<NonNullable<StaffBrief['lines']>> {
  const products = createProductStore();
  const found = await Promise.all(lines.map((l) => products.getProduct(spaceId, l.productId)));
  const missing = found.flatMap((p, i) => (p && p.active ? [] : [{ pointer: `#/lines/${i}/productId`, detail: 'no such active product' }]));
  if (missing.length) throw new ValidationError(missing);
  return found.map((p, i) => ({ sku: p?.sku ?? '', name: p?.name ?? '', quantity: lines[i]?.quantity ?? 1, unitAmount: p?.unitAmount ?? 0, currency: p?.currency ?? '' }));
}
